# AWS CLI v2 producers: put-record sends --data as base64 unless told otherwise, and put-records
# takes a JSON list. `sleep` moves the playground's clock, so the second batch arrives later.
aws kinesis put-record --stream-name orders --partition-key customer-7 \
    --data '{"order": 1}' --cli-binary-format raw-in-base64-out

aws kinesis put-records --stream-name orders --records '[
  {"PartitionKey": "customer-7", "Data": "eyJvcmRlciI6IDJ9"},
  {"PartitionKey": "customer-9", "Data": "eyJvcmRlciI6IDN9"},
  {"PartitionKey": "customer-4", "Data": "eyJvcmRlciI6IDR9"}
]'

sleep 2
aws kinesis put-records --stream-name orders \
    --records PartitionKey=customer-9,Data=eyJvcmRlciI6IDV9 PartitionKey=customer-7,Data=eyJvcmRlciI6IDZ9
