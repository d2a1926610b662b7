"""Student record pages (to be built out): every read goes through openpathways.students.access."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    return HttpResponseNotFound()


student_list = student_export_csv = student_detail = student_disclosures = school_list = _todo
