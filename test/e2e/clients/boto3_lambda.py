"""boto3 against Nubis's Lambda (REST-JSON): create from a zip, wait until active, invoke
(RequestResponse with the log tail, and a function error), configuration, versions and aliases,
paginated listing, and Lambda's errors. Usage: boto3_lambda.py <endpoint>"""
import base64
import io
import json
import sys
import zipfile

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
client = boto3.client("lambda", endpoint_url=endpoint, region_name="us-east-1")


def package():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "handler.py",
            "def handler(event, context):\n"
            "    print('got', event)\n"
            "    if event.get('fail'):\n"
            "        raise ValueError('asked to fail')\n"
            "    return {'sum': event['a'] + event['b'], 'name': context.function_name}\n",
        )
    return buffer.getvalue()


created = client.create_function(
    FunctionName="boto3-adder",
    Runtime="python3.12",
    Role="arn:aws:iam::000000000000:role/lambda-role",
    Handler="handler.handler",
    Code={"ZipFile": package()},
    Environment={"Variables": {"COLOUR": "blue"}},
)
assert created["FunctionArn"].endswith(":function:boto3-adder"), created
client.get_waiter("function_active_v2").wait(FunctionName="boto3-adder")

answer = client.invoke(FunctionName="boto3-adder", Payload=json.dumps({"a": 2, "b": 3}), LogType="Tail")
assert json.loads(answer["Payload"].read()) == {"sum": 5, "name": "boto3-adder"}, answer
assert "got" in base64.b64decode(answer["LogResult"]).decode(), answer["LogResult"]
assert answer["ExecutedVersion"] == "$LATEST"

failed = client.invoke(FunctionName="boto3-adder", Payload=json.dumps({"fail": True}))
assert failed["FunctionError"] == "Unhandled", failed
error = json.loads(failed["Payload"].read())
assert error["errorType"] == "ValueError" and error["errorMessage"] == "asked to fail", error

client.update_function_configuration(FunctionName="boto3-adder", Timeout=10)
client.get_waiter("function_updated_v2").wait(FunctionName="boto3-adder")
configuration = client.get_function_configuration(FunctionName="boto3-adder")
assert configuration["Timeout"] == 10 and configuration["Environment"]["Variables"] == {"COLOUR": "blue"}

version = client.publish_version(FunctionName="boto3-adder")["Version"]
client.create_alias(FunctionName="boto3-adder", Name="live", FunctionVersion=version)
aliased = client.invoke(FunctionName="boto3-adder", Qualifier="live", Payload=json.dumps({"a": 1, "b": 1}))
assert aliased["ExecutedVersion"] == version, aliased

for n in range(3):
    client.create_function(
        FunctionName="boto3-extra-%d" % n,
        Runtime="python3.12",
        Role="arn:aws:iam::000000000000:role/lambda-role",
        Handler="handler.handler",
        Code={"ZipFile": package()},
    )
names = [
    function["FunctionName"]
    for page in client.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2})
    for function in page["Functions"]
]
assert sorted(names) == ["boto3-adder", "boto3-extra-0", "boto3-extra-1", "boto3-extra-2"], names

try:
    client.get_function(FunctionName="boto3-missing")
    raise AssertionError("the function should be missing")
except client.exceptions.ResourceNotFoundException as missing:
    assert missing.response["ResponseMetadata"]["HTTPStatusCode"] == 404

try:
    client.create_function(
        FunctionName="boto3-adder",
        Runtime="python3.12",
        Role="arn:aws:iam::000000000000:role/lambda-role",
        Handler="handler.handler",
        Code={"ZipFile": package()},
    )
    raise AssertionError("the function exists already")
except ClientError as conflict:
    assert conflict.response["Error"]["Code"] == "ResourceConflictException", conflict.response

client.delete_function(FunctionName="boto3-adder")
print("ok")
