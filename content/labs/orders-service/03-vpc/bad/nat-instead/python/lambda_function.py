import os
import uuid

import boto3

# The course's PostgreSQL client (psycopg's API): connect(), cursor(), execute() with %s placeholders.
import coldstart_postgres
from orders_shared import parse_order, respond

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])

# One connection per execution environment, opened by the first request that needs it and kept for the next.
connection = None


def database():
    global connection
    if connection is None:
        connection = coldstart_postgres.connect(
            host=os.environ["PGHOST"], user=os.environ["PGUSER"], dbname=os.environ["PGDATABASE"]
        )
    return connection


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
        db = database()
        with db.cursor() as cursor:
            cursor.execute(
                "INSERT INTO orders (order_id, item, quantity) VALUES (%s, %s, %s)",
                (order_id, order["item"], order["quantity"]),
            )
        db.commit()
        return respond(201, {"orderId": order_id})

    return respond(404, {"message": f"No route for {route}"})
