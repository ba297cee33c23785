import json
import os
import uuid

import boto3
from botocore.exceptions import ClientError

dynamodb = boto3.resource("dynamodb")
charges = dynamodb.Table(os.environ["CHARGES_TABLE"])
payments = dynamodb.Table(os.environ["PAYMENTS_TABLE"])


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


def claim(payment):
    """Claims the payment id with a conditional put: only the first delivery of a payment succeeds, so
    redeliveries and duplicates (SQS delivers at least once) never reach the provider."""
    try:
        payments.put_item(
            Item={
                "paymentId": payment["paymentId"],
                "orderId": payment.get("orderId"),
                "amountCents": payment["amountCents"],
                "status": "CHARGED",
            },
            ConditionExpression="attribute_not_exists(paymentId)",
        )
        return True
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def lambda_handler(event, context):
    batch_item_failures = []
    for record in event["Records"]:
        try:
            payment = parse_payment(record["body"])
            if claim(payment):
                charge(payment)
            else:
                print(f"Payment {payment['paymentId']} was already charged: skipping message {record['messageId']}")
        except Exception as error:
            print(f"Could not process message {record['messageId']}: {error}")
            # Only this message goes back to the queue (and, after maxReceiveCount receives, to the DLQ).
            batch_item_failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": batch_item_failures}
