"""For people learning the rule: the questionnaire, the worked cases, the quiz."""
