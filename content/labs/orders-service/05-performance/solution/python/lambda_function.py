import json
import logging
import os
import uuid

import boto3
from botocore.exceptions import ClientError

# The course's PostgreSQL client (psycopg's API): connect(), cursor(), execute() with %s placeholders.
import coldstart_postgres

from orders_shared import parse_order, respond

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
# With the JSON log format, the runtime's handler writes each record as a JSON object with the request id.
logger = logging.getLogger()


# One connection per execution environment, opened by the first request that needs it and kept for the next.
connection = None


def database():
    global connection
    if connection is None:
        connection = coldstart_postgres.connect(
            host=os.environ["PGHOST"], user=os.environ["PGUSER"], dbname=os.environ["PGDATABASE"]
        )
    return connection


def save_once(order_id, order):
    """Saves an order once: a second delivery of the same orderId finds it taken and changes nothing."""
    try:
        table.put_item(
            Item={"orderId": order_id, **order, "status": "NEW"},
            ConditionExpression="attribute_not_exists(orderId)",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    # And in PostgreSQL (step 3); a redelivery changes nothing there either.
    db = database()
    with db.cursor() as cursor:
        cursor.execute(
            "INSERT INTO orders (order_id, item, quantity) VALUES (%s, %s, %s) ON CONFLICT (order_id) DO NOTHING",
            (order_id, order["item"], order["quantity"]),
        )
    db.commit()
    return True


def handle_order_event(event):
    """An order event from the shop's checkout, invoked asynchronously: there is no client to answer."""
    order, error = parse_order(json.dumps(event))
    if error or not isinstance(event.get("orderId"), str):
        reason = error or "Missing field: orderId"
        logger.error("Rejected order event", extra={"orderId": event.get("orderId"), "reason": reason})
        # Raising makes Lambda retry, then send the event to the on-failure destination.
        raise ValueError(f"Order {event.get('orderId')} cannot be processed: {reason}")
    created = save_once(event["orderId"], order)
    logger.info("Order saved" if created else "Duplicate order ignored", extra={"orderId": event["orderId"]})
    return {"orderId": event["orderId"], "created": created}


def lambda_handler(event, context):
    if "requestContext" not in event:
        return handle_order_event(event)

    route = f"{event['requestContext']['http']['method']} {event['rawPath']}"
    if route == "GET /hello":
        return respond(200, {"message": "Hello from the orders service"})

    if route == "POST /orders":
        order, error = parse_order(event.get("body"))
        if error:
            return respond(400, {"message": error})
        order_id = str(uuid.uuid4())
        save_once(order_id, order)
        logger.info("Order saved", extra={"orderId": order_id})
        return respond(201, {"orderId": order_id})

    return respond(404, {"message": f"No route for {route}"})
