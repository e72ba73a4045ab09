import boto3

session = boto3.Session(profile_name="prod", region_name="eu-west-1")
kinesis = session.client("kinesis")
other = boto3.session.Session().client("kinesis", region_name="us-west-2")
kinesis.put_record(StreamName="a", Data="1", PartitionKey="x")
other.put_record(StreamName="b", Data="2", PartitionKey="y")
