import os
import uuid

import boto3

# From the layer: Lambda mounts it at /opt, and /opt/python is on Python's sys.path.
from orders_shared import parse_order, respond

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


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
