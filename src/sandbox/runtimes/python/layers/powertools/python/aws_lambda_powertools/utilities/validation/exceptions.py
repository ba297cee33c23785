"""Validation errors. SchemaValidationError carries what failed, as Powertools' does (message, name, path, value,
definition, rule, rule_definition)."""


class SchemaValidationError(Exception):
    def __init__(self, message=None, validation_message=None, name=None, path=None, value=None, definition=None, rule=None, rule_definition=None):
        super().__init__(message)
        self.message = message
        self.validation_message = validation_message
        self.name = name
        self.path = path
        self.value = value
        self.definition = definition
        self.rule = rule
        self.rule_definition = rule_definition


class InvalidSchemaFormatError(Exception):
    pass


class InvalidEnvelopeExpressionError(Exception):
    pass
