"""English and Spanish labels of the published tables, their columns and their groups, for the
dashboards and exports (this package imports no Django, so the translations are data here)."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "es")

TITLES: Mapping[str, Mapping[str, str]] = {
    "school_coverage": {
        "en": "School coverage of the five opportunity types",
        "es": "Cobertura de escuelas en los cinco tipos de oportunidad",
    },
    "school_coverage_detail": {
        "en": "Opportunity types offered by each school serving grades 9-12",
        "es": "Tipos de oportunidad que ofrece cada escuela con grados 9 a 12",
    },
    "unit_progress": {
        "en": "Progress toward 12 college units",
        "es": "Avance hacia 12 unidades universitarias",
    },
    "participation": {
        "en": "Dual-enrollment participation (access)",
        "es": "Participación en inscripción doble (acceso)",
    },
    "success": {
        "en": "Dual-enrollment course success",
        "es": "Éxito en cursos de inscripción doble",
    },
    "cci_college_credit": {
        "en": "College/Career Indicator: prepared through college credit",
        "es": "Indicador de Universidad/Carrera: preparados mediante crédito universitario",
    },
    "compact_coverage": {
        "en": "Education Compact coverage",
        "es": "Cobertura de los Pactos Educativos",
    },
    "vendor_compliance": {
        "en": "Vendor work-based learning compliance",
        "es": "Cumplimiento de aprendizaje basado en el trabajo por proveedores",
    },
    "vendor_wbl_detail": {
        "en": "Work-based learning committed and delivered, by vendor",
        "es": "Aprendizaje basado en el trabajo comprometido y cumplido, por proveedor",
    },
}

_COLUMNS: dict[str, dict[str, str]] = {
    "academic_year": {"en": "School year", "es": "Año escolar"},
    "term_code": {"en": "Term", "es": "Periodo"},
    "cohort": {"en": "Graduation cohort", "es": "Cohorte de graduación"},
    "district_id": {"en": "District", "es": "Distrito"},
    "school_id": {"en": "School", "es": "Escuela"},
    "school_name": {"en": "School", "es": "Escuela"},
    "group_type": {"en": "Student group type", "es": "Tipo de grupo estudiantil"},
    "group": {"en": "Student group", "es": "Grupo estudiantil"},
    "basis": {"en": "Counted by", "es": "Contado por"},
    "schools": {"en": "Schools serving grades 9-12", "es": "Escuelas con grados 9 a 12"},
    "schools_any": {"en": "Schools with at least one type", "es": "Escuelas con al menos un tipo"},
    "rate_any": {
        "en": "Coverage (at least one of five)",
        "es": "Cobertura (al menos uno de cinco)",
    },
    "types_offered": {"en": "Types offered", "es": "Tipos ofrecidos"},
    "at_least_one": {"en": "At least one type", "es": "Al menos un tipo"},
    "students": {"en": "Students", "es": "Estudiantes"},
    "participants": {"en": "Participants", "es": "Participantes"},
    "rate": {"en": "Rate", "es": "Tasa"},
    "enrollments": {
        "en": "Enrollments with a final grade",
        "es": "Inscripciones con calificación final",
    },
    "successes": {
        "en": "Successful (C- or better, or Pass)",
        "es": "Aprobadas (C- o mejor, o Aprobado)",
    },
    "withdrawals": {"en": "Withdrawals", "es": "Retiros"},
    "withdrawal_rate": {"en": "Withdrawal rate", "es": "Tasa de retiro"},
    "graduates": {"en": "Graduates", "es": "Graduados"},
    "graduates_12": {
        "en": "Graduates with 12 or more units",
        "es": "Graduados con 12 unidades o más",
    },
    "rate_graduates_12": {
        "en": "Share of graduates with 12 units",
        "es": "Proporción de graduados con 12 unidades",
    },
    "enrolled": {"en": "Students enrolled", "es": "Estudiantes inscritos"},
    "enrolled_met": {"en": "Already 12 units", "es": "Ya con 12 unidades"},
    "enrolled_on_track": {"en": "On track", "es": "En camino"},
    "rate_met_or_on_track": {"en": "Met or on track", "es": "Cumplido o en camino"},
    "cohort_students": {"en": "Students in the cohort", "es": "Estudiantes en la cohorte"},
    "prepared": {"en": "Prepared", "es": "Preparados"},
    "approaching": {"en": "Approaching Prepared", "es": "Acercándose a Preparado"},
    "rate_prepared": {"en": "Percent Prepared", "es": "Porcentaje de preparados"},
    "rate_approaching": {
        "en": "Percent Approaching Prepared",
        "es": "Porcentaje acercándose a preparado",
    },
    "covered": {"en": "Covered by a compact", "es": "Cubiertos por un pacto"},
    "unknown_residence": {
        "en": "Residence unknown or unincorporated",
        "es": "Residencia desconocida o no incorporada",
    },
    "vendors": {"en": "Vendors with a WBL obligation", "es": "Proveedores con obligación de ABT"},
    "compliant": {"en": "Compliant", "es": "Cumplen"},
    "vendor_id": {"en": "Vendor", "es": "Proveedor"},
    "vendor_name": {"en": "Vendor", "es": "Proveedor"},
    "contracts": {"en": "Contracts", "es": "Contratos"},
    "placements_committed": {"en": "Placements committed", "es": "Colocaciones comprometidas"},
    "placements_delivered": {"en": "Placements delivered", "es": "Colocaciones cumplidas"},
    "hours_committed": {"en": "Hours committed", "es": "Horas comprometidas"},
    "hours_delivered": {"en": "Hours delivered", "es": "Horas cumplidas"},
    "college_credit": {"en": "College-credit course", "es": "Curso con crédito universitario"},
    "cte_pathway": {"en": "CTE pathway", "es": "Programa de CTE"},
    "industry_certification": {
        "en": "Industry certification",
        "es": "Certificación de la industria",
    },
    "work_based_learning": {"en": "Internship or apprenticeship", "es": "Pasantía o aprendizaje"},
    "aa_degree": {"en": "Associate degree (AA)", "es": "Título de asociado (AA)"},
}
for _type in ("college_credit", "cte_pathway", "industry_certification", "work_based_learning",
              "aa_degree"):  # fmt: skip
    _COLUMNS[f"schools_{_type}"] = {
        "en": f"Schools offering: {_COLUMNS[_type]['en']}",
        "es": f"Escuelas que ofrecen: {_COLUMNS[_type]['es']}",
    }
    _COLUMNS[f"rate_{_type}"] = {
        "en": f"Coverage: {_COLUMNS[_type]['en']}",
        "es": f"Cobertura: {_COLUMNS[_type]['es']}",
    }
COLUMNS: Mapping[str, Mapping[str, str]] = _COLUMNS

GROUP_TYPES: Mapping[str, Mapping[str, str]] = {
    "all": {"en": "All students", "es": "Todos los estudiantes"},
    "race_ethnicity": {"en": "Race/ethnicity", "es": "Raza/origen étnico"},
    "gender": {"en": "Gender", "es": "Género"},
    "english_learner": {"en": "English learners", "es": "Estudiantes de inglés"},
    "socioeconomically_disadvantaged": {
        "en": "Socioeconomically disadvantaged",
        "es": "En desventaja socioeconómica",
    },
    "disability": {"en": "Students with disabilities", "es": "Estudiantes con discapacidades"},
    "foster": {"en": "Foster youth", "es": "Jóvenes en hogares de crianza"},
    "homeless": {"en": "Homeless youth", "es": "Jóvenes sin hogar"},
}

GROUPS: Mapping[str, Mapping[str, str]] = {
    "all": {"en": "All", "es": "Todos"},
    "yes": {"en": "Yes", "es": "Sí"},
    "no": {"en": "No", "es": "No"},
    "not_reported": {"en": "Not reported", "es": "No declarado"},
    "F": {"en": "Female", "es": "Femenino"},
    "M": {"en": "Male", "es": "Masculino"},
    "X": {"en": "Nonbinary", "es": "No binario"},
    "hispanic": {"en": "Hispanic or Latino", "es": "Hispano o latino"},
    "american_indian": {
        "en": "American Indian or Alaska Native",
        "es": "Indígena americano o nativo de Alaska",
    },
    "asian": {"en": "Asian", "es": "Asiático"},
    "black": {"en": "Black or African American", "es": "Negro o afroamericano"},
    "filipino": {"en": "Filipino", "es": "Filipino"},
    "pacific_islander": {
        "en": "Native Hawaiian or Pacific Islander",
        "es": "Nativo de Hawái o de las islas del Pacífico",
    },
    "white": {"en": "White", "es": "Blanco"},
    "two_or_more": {"en": "Two or more races", "es": "Dos o más razas"},
    "residence": {"en": "Residence", "es": "Residencia"},
    "school_location": {"en": "School location", "es": "Ubicación de la escuela"},
}


def label(kind: Mapping[str, Mapping[str, str]], key: str, language: str = "en") -> str:
    """The label of `key` in `language` (English when the language is not known; the key itself
    when it has no label)."""
    entry = kind.get(key)
    if entry is None:
        return key
    return entry.get(language) or entry["en"]
