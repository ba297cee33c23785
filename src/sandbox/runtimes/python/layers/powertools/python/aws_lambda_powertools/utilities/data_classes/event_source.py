"""`@event_source(data_class=...)`: the handler receives the event wrapped in its data class."""

import functools


def event_source(handler=None, data_class=None):
    if handler is None:
        return functools.partial(event_source, data_class=data_class)

    @functools.wraps(handler)
    def decorate(event, context, *args, **kwargs):
        return handler(data_class(event), context, *args, **kwargs)

    return decorate
