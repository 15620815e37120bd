"""SQS through boto3 (Debian's python3-boto3, which speaks SQS's query protocol).

Run by boto3.test.ts as: /usr/bin/python3 boto3_sqs.py ENDPOINT
Each check asserts; the script prints "ok" and exits 0 only when all pass.
"""
import sys

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
sqs = session.client("sqs", endpoint_url=endpoint)

url = sqs.create_queue(QueueName="boto3-standard", Attributes={"VisibilityTimeout": "45"})["QueueUrl"]
assert url == endpoint + "/000000000000/boto3-standard", url
assert sqs.get_queue_url(QueueName="boto3-standard")["QueueUrl"] == url
assert url in sqs.list_queues(QueueNamePrefix="boto3-")["QueueUrls"]

attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
assert attributes["VisibilityTimeout"] == "45", attributes
assert attributes["QueueArn"] == "arn:aws:sqs:us-east-1:000000000000:boto3-standard", attributes
sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "0", "MaximumMessageSize": "2048"})
assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["MaximumMessageSize"])["Attributes"] == {
    "MaximumMessageSize": "2048"
}

# boto3 verifies MD5OfMessageBody and MD5OfMessageAttributes itself.
sent = sqs.send_message(
    QueueUrl=url,
    MessageBody="hello <&> \u00e9\u4e2d\U0001f600 \r\n\t",
    MessageAttributes={
        "kind": {"DataType": "String", "StringValue": "greeting"},
        "count": {"DataType": "Number", "StringValue": "42"},
        "raw": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
    },
)
assert len(sent["MD5OfMessageBody"]) == 32 and len(sent["MD5OfMessageAttributes"]) == 32

received = sqs.receive_message(
    QueueUrl=url, AttributeNames=["All"], MessageAttributeNames=["All"], MaxNumberOfMessages=10, WaitTimeSeconds=1
)["Messages"]
assert len(received) == 1, received
message = received[0]
assert message["Body"] == "hello <&> \u00e9\u4e2d\U0001f600 \r\n\t", repr(message["Body"])
assert message["MessageId"] == sent["MessageId"]
assert message["MessageAttributes"]["raw"]["BinaryValue"] == b"\x00\x01\xff"
assert message["MessageAttributes"]["count"] == {"DataType": "Number", "StringValue": "42"}
assert message["Attributes"]["ApproximateReceiveCount"] == "1"
sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
again = sqs.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
assert again["Attributes"]["ApproximateReceiveCount"] == "2"
sqs.delete_message(QueueUrl=url, ReceiptHandle=again["ReceiptHandle"])
assert "Messages" not in sqs.receive_message(QueueUrl=url)

batch = sqs.send_message_batch(
    QueueUrl=url,
    Entries=[{"Id": "a", "MessageBody": "one"}, {"Id": "b", "MessageBody": "two"}, {"Id": "c", "MessageBody": ""}],
)
assert sorted(entry["Id"] for entry in batch["Successful"]) == ["a", "b"], batch
assert batch["Failed"][0]["Id"] == "c" and batch["Failed"][0]["SenderFault"] is True, batch
messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
deleted = sqs.delete_message_batch(
    QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
)
assert len(deleted["Successful"]) == len(messages) == 2

fifo = sqs.create_queue(QueueName="boto3.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})[
    "QueueUrl"
]
first = sqs.send_message(QueueUrl=fifo, MessageBody="m1", MessageGroupId="g")
duplicate = sqs.send_message(QueueUrl=fifo, MessageBody="m1", MessageGroupId="g")
assert duplicate["MessageId"] == first["MessageId"]
assert int(first["SequenceNumber"]) > 0

sqs.tag_queue(QueueUrl=url, Tags={"team": "core"})
assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "core"}
sqs.purge_queue(QueueUrl=fifo)

try:
    sqs.get_queue_url(QueueName="no-such-queue")
    raise AssertionError("expected an error")
except ClientError as error:
    assert error.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue", error.response
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400

sqs.delete_queue(QueueUrl=url)
sqs.delete_queue(QueueUrl=fifo)
print("ok")
