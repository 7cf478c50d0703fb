"""Standards other systems read: FHIR (Questionnaire, SDC, Observation), phenopackets, HPO."""
