# The orders service. API Gateway (an HTTP API, payload format 2.0) sends every request here.
import json


def lambda_handler(event, context):
    route = f"{event['requestContext']['http']['method']} {event['rawPath']}"

    if route == "GET /hello":
        # TODO: answer 200 with a JSON body such as {"message": "Hello from the orders service"}
        pass

    if route == "POST /orders":
        # TODO: parse event["body"], validate it, save the order in the Orders table, answer 201 with its id
        pass

    return {"statusCode": 404, "body": json.dumps({"message": f"No route for {route}"})}
