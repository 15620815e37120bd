"""CloudWatch metrics through boto3 (Debian's python3-boto3, which speaks the query protocol).

Run by clients.test.ts as: /usr/bin/python3 boto3_cloudwatch.py ENDPOINT
Prints "ok" and exits 0 only when every check passes.
"""
import sys
from datetime import datetime, timedelta, timezone

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
cw = session.client("cloudwatch", endpoint_url=endpoint)

now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
cw.put_metric_data(
    Namespace="Boto",
    MetricData=[
        {"MetricName": "Latency", "Timestamp": now, "Values": [1.0, 2.0, 3.0, 4.0], "Counts": [1, 1, 1, 1]},
        {"MetricName": "Latency", "Timestamp": now, "Value": 10.0},
    ],
)
stats = cw.get_metric_statistics(
    Namespace="Boto", MetricName="Latency", StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=1),
    Period=60, Statistics=["Sum", "SampleCount", "Maximum"], ExtendedStatistics=["p50"],
)
[point] = stats["Datapoints"]
assert point["Sum"] == 20.0 and point["SampleCount"] == 5.0 and point["Maximum"] == 10.0, point
assert point["ExtendedStatistics"] == {"p50": 3.0}, point

data = cw.get_metric_data(
    StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=1),
    MetricDataQueries=[
        {"Id": "m1", "MetricStat": {"Metric": {"Namespace": "Boto", "MetricName": "Latency"}, "Period": 60, "Stat": "Average"}},
        {"Id": "e1", "Expression": "m1 * 2"},
    ],
)
results = {r["Id"]: r for r in data["MetricDataResults"]}
assert results["m1"]["Values"] == [4.0] and results["e1"]["Values"] == [8.0], results
assert results["m1"]["Timestamps"][0] == now, results

try:
    cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[{"MetricName": "x", "Value": 1.0}])
    raise AssertionError("AWS/ namespace accepted")
except ClientError as error:
    assert error.response["Error"]["Code"] == "InvalidParameterValue", error.response

print("ok")
