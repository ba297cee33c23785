import json
import os
import uuid

import boto3

# Created once, during init: every warm invoke of this environment reuses the resource and its connections.
table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


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


def lambda_handler(event, context):
    route = f"{event['requestContext']['http']['method']} {event['rawPath']}"

    if route == "GET /hello":
        return respond(200, {"message": "Hello from the orders service"})

    if route == "POST /orders":
        order, error = parse_order(event.get("body"))
        if error:
            return respond(400, {"message": error})
        order_id = str(uuid.uuid4())
        table.put_item(Item={"orderId": order_id, **order, "status": "NEW"})
        return respond(201, {"orderId": order_id})

    return respond(404, {"message": f"No route for {route}"})
