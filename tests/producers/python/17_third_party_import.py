import boto3
import requests

rows = requests.get("https://example.com/rows").json()
