import json
import os
import uuid

import boto3

charges = boto3.resource("dynamodb").Table(os.environ["CHARGES_TABLE"])


def parse_payment(body):
    payment = json.loads(body)
    amount = payment.get("amountCents")
    if not isinstance(payment.get("paymentId"), str) or not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValueError(f"Not a valid payment: {body}")
    return payment


# The payment provider: every call is one charge on the customer's card.
def charge(payment):
    charges.put_item(
        Item={
            "chargeId": str(uuid.uuid4()),
            "paymentId": payment["paymentId"],
            "orderId": payment.get("orderId"),
            "amountCents": payment["amountCents"],
        }
    )


def lambda_handler(event, context):
    for record in event["Records"]:
        try:
            charge(parse_payment(record["body"]))
        except Exception as error:
            # Keep going with the rest of the batch.
            print(f"Could not process message {record['messageId']}: {error}")
