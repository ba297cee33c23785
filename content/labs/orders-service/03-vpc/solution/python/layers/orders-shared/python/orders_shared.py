"""Shared by every function of the orders service: HTTP answers and order validation."""
import json


def respond(status_code, body):
    return {"statusCode": status_code, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def parse_order(body):
    try:
        order = json.loads(body or "")
    except json.JSONDecodeError:
        return None, "The request body is not valid JSON"
    if not isinstance(order, dict):
        return None, "The body must be a JSON object"
    item = order.get("item")
    if not isinstance(item, str) or not item.strip():
        return None, "Missing field: item"
    quantity = order.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        return None, "Missing field: quantity (a whole number, at least 1)"
    return {"item": item, "quantity": quantity}, None
