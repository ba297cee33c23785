"""Router: routes declared in another module, added to the resolver with `app.include_router(router, prefix=...)`."""


class Router:
    def __init__(self):
        self._routes = []
        self.current_event = None
        self.lambda_context = None
        self.context = {}

    def route(self, rule, method, cors=None, compress=False, cache_control=None, **kwargs):
        def register(function):
            methods = [method] if isinstance(method, str) else list(method)
            self._routes.append((rule, methods, function))
            return function

        return register

    def get(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "GET")

    def post(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "POST")

    def put(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "PUT")

    def delete(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "DELETE")

    def patch(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "PATCH")

    def head(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "HEAD")

    def options(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "OPTIONS")
