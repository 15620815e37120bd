"""DynamoDB through boto3 (Debian's python3-boto3): the client API and the resource API.

Run by dynamodb-clients.test.ts as: /usr/bin/python3 boto3_dynamodb.py ENDPOINT
boto3 checks each response's x-amz-crc32. The script prints "ok" only when every check passes.
"""
import sys
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
client = session.client("dynamodb", endpoint_url=endpoint)
resource = session.resource("dynamodb", endpoint_url=endpoint)

client.create_table(
    TableName="boto3-music",
    AttributeDefinitions=[
        {"AttributeName": "artist", "AttributeType": "S"},
        {"AttributeName": "song", "AttributeType": "S"},
    ],
    KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
    BillingMode="PAY_PER_REQUEST",
)
client.get_waiter("table_exists").wait(TableName="boto3-music", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
assert "boto3-music" in client.list_tables()["TableNames"]

table = resource.Table("boto3-music")
table.put_item(Item={"artist": "A", "song": "one", "year": 1999, "rating": Decimal("4.5"), "tags": {"rock"}})
with table.batch_writer() as batch:
    for number in range(2, 12):
        batch.put_item(Item={"artist": "A", "song": "song-%02d" % number, "year": 2000 + number})

item = table.get_item(Key={"artist": "A", "song": "one"})["Item"]
assert item["year"] == 1999 and item["rating"] == Decimal("4.5") and item["tags"] == {"rock"}, item

songs = table.query(KeyConditionExpression=Key("artist").eq("A") & Key("song").begins_with("song-"))["Items"]
assert [s["song"] for s in songs] == ["song-%02d" % n for n in range(2, 12)], songs

recent = table.scan(FilterExpression=Attr("year").gte(2008))["Items"]
assert sorted(s["song"] for s in recent) == ["song-08", "song-09", "song-10", "song-11"], recent

updated = table.update_item(
    Key={"artist": "A", "song": "one"},
    UpdateExpression="SET #y = #y + :one ADD tags :t",
    ExpressionAttributeNames={"#y": "year"},
    ExpressionAttributeValues={":one": 1, ":t": {"live"}},
    ReturnValues="ALL_NEW",
)["Attributes"]
assert updated["year"] == 2000 and updated["tags"] == {"rock", "live"}, updated

try:
    table.put_item(Item={"artist": "A", "song": "one"}, ConditionExpression="attribute_not_exists(artist)")
    raise AssertionError("the condition should have failed")
except ClientError as error:
    assert error.response["Error"]["Code"] == "ConditionalCheckFailedException", error.response

try:
    client.get_item(TableName="boto3-missing", Key={"artist": {"S": "A"}, "song": {"S": "one"}})
    raise AssertionError("the table should be missing")
except ClientError as error:
    assert error.response["Error"]["Code"] == "ResourceNotFoundException", error.response

# A transaction: one action fails, so none applies; botocore reads the reasons.
try:
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "boto3-music", "Item": {"artist": {"S": "B"}, "song": {"S": "new"}}}},
            {
                "ConditionCheck": {
                    "TableName": "boto3-music",
                    "Key": {"artist": {"S": "A"}, "song": {"S": "one"}},
                    "ConditionExpression": "attribute_not_exists(artist)",
                }
            },
        ]
    )
    raise AssertionError("the transaction should have been cancelled")
except client.exceptions.TransactionCanceledException as error:
    codes = [reason["Code"] for reason in error.response["CancellationReasons"]]
    assert codes == ["None", "ConditionalCheckFailed"], error.response
assert "Item" not in table.get_item(Key={"artist": "B", "song": "new"})

got = client.transact_get_items(
    TransactItems=[{"Get": {"TableName": "boto3-music", "Key": {"artist": {"S": "A"}, "song": {"S": "one"}}}}]
)["Responses"]
assert got[0]["Item"]["year"] == {"N": "2000"}, got

client.delete_table(TableName="boto3-music")
print("ok")
