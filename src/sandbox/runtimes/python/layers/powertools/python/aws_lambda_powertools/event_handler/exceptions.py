"""HTTP errors a route may raise: each becomes a response `{"statusCode": <code>, "message": <message>}`."""


class ServiceError(Exception):
    def __init__(self, status_code, msg):
        super().__init__(msg)
        self.status_code = status_code
        self.msg = msg


class BadRequestError(ServiceError):
    def __init__(self, msg):
        super().__init__(400, msg)


class UnauthorizedError(ServiceError):
    def __init__(self, msg):
        super().__init__(401, msg)


class ForbiddenError(ServiceError):
    def __init__(self, msg):
        super().__init__(403, msg)


class NotFoundError(ServiceError):
    def __init__(self, msg="Not found"):
        super().__init__(404, msg)


class RequestTimeoutError(ServiceError):
    def __init__(self, msg):
        super().__init__(408, msg)


class RequestEntityTooLargeError(ServiceError):
    def __init__(self, msg):
        super().__init__(413, msg)


class InternalServerError(ServiceError):
    def __init__(self, message):
        super().__init__(500, message)


class ServiceUnavailableError(ServiceError):
    def __init__(self, msg):
        super().__init__(503, msg)
