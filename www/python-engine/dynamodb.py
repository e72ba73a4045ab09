"""The fake boto3's DynamoDB: `client('dynamodb')` and `resource('dynamodb').Table(...)` record every
write call, with its source line and the virtual clock, instead of sending it.

harness.py loads this module when the engine provides it (as `shardlane_dynamodb`) and answers the
calls as `dynamodb_calls`: `{"call": {"PutItem": {...}}, "clock_ms": t, "line": n}` each, the request
in DynamoDB JSON, which the Rust core (src/dynamodb/writes.rs) reads like the CLI's JSON Lines and
runs on the table. DynamoDB's own answers (a refused item, a failed condition) are decided there,
after the script: here a call checks its parameters as botocore does and returns an empty answer.

The resource's Table converts Python values as boto3's TypeSerializer does: str → S, bool → BOOL,
int and Decimal → N, bytes → B, None → NULL, sets → SS/NS/BS, list/tuple → L, dict → M; floats are
refused with boto3's message.
"""

import base64
import decimal

CALLS = []
HARNESS = {}


def reset(harness_globals):
    """Called by the harness before each run: forget earlier calls, remember the harness."""
    HARNESS.clear()
    HARNESS.update(harness_globals)
    del CALLS[:]


def _record(operation, request):
    harness = HARNESS
    state = harness["STATE"]
    if len(CALLS) >= state.cap:
        raise harness["RecordCapReached"]()
    state.calls += 1
    CALLS.append({"call": {operation: request}, "clock_ms": state.clock_ms, "line": harness["_caller_line"]()})


def _metadata():
    return {"ResponseMetadata": {"HTTPStatusCode": 200, "RetryAttempts": 0}}


def _check(params, required, allowed, dict_params):
    types_of = {name: (dict,) for name in dict_params}
    types_of.update({name: (str,) for name in ("TableName", "UpdateExpression", "ConditionExpression")})
    problems = []
    for name in required:
        if name not in params:
            problems.append('Missing required parameter in input: "%s"' % name)
    for name in params:
        if name not in allowed:
            problems.append('Unknown parameter in input: "%s", must be one of: %s' % (name, ", ".join(allowed)))
    for name, valid in types_of.items():
        if name in params and not isinstance(params[name], valid):
            value = params[name]
            problems.append(HARNESS["_invalid_type"](name, value, [str(t) for t in valid]))
    if problems:
        raise HARNESS["ParamValidationError"]("\n".join(problems))


_CONDITION = ["ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues",
              "ReturnValues", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics",
              "ReturnValuesOnConditionCheckFailure"]


class Client:
    """The DynamoDB client of the fake boto3: writes are recorded, never sent."""

    def __init__(self, region_name=None):
        self.region = region_name

    def put_item(self, **params):
        _check(params, ["TableName", "Item"], ["TableName", "Item"] + _CONDITION,
               ["Item", "ExpressionAttributeNames", "ExpressionAttributeValues"])
        _record("PutItem", _request(params))
        return _metadata()

    def update_item(self, **params):
        _check(params, ["TableName", "Key"], ["TableName", "Key", "UpdateExpression"] + _CONDITION,
               ["Key", "ExpressionAttributeNames", "ExpressionAttributeValues"])
        _record("UpdateItem", _request(params))
        return _metadata()

    def delete_item(self, **params):
        _check(params, ["TableName", "Key"], ["TableName", "Key"] + _CONDITION,
               ["Key", "ExpressionAttributeNames", "ExpressionAttributeValues"])
        _record("DeleteItem", _request(params))
        return _metadata()

    def batch_write_item(self, **params):
        _check(params, ["RequestItems"], ["RequestItems", "ReturnConsumedCapacity",
                                          "ReturnItemCollectionMetrics"], ["RequestItems"])
        _record("BatchWriteItem", {"RequestItems": params["RequestItems"]})
        answer = {"UnprocessedItems": {}}
        answer.update(_metadata())
        return answer

    def transact_write_items(self, **params):
        _check(params, ["TransactItems"], ["TransactItems", "ClientRequestToken", "ReturnConsumedCapacity",
                                           "ReturnItemCollectionMetrics"], [])
        _record("TransactWriteItems", {"TransactItems": list(params["TransactItems"])})
        return _metadata()

    def __getattr__(self, name):
        raise NotImplementedError(
            "Shardlane simulates DynamoDB writes only: dynamodb.%s is not available; replace its result with "
            "a literal" % name)


# The parameters the core reads (ReturnValues and the like change nothing in the stream).
_KEPT = ("TableName", "Item", "Key", "UpdateExpression", "ConditionExpression", "ExpressionAttributeNames",
         "ExpressionAttributeValues")


def _request(params):
    return {name: params[name] for name in _KEPT if name in params}


# ---- the resource's Python values -----------------------------------------------------------------

def _number_text(value):
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise TypeError("Infinity and NaN not supported")
        return str(value)
    return str(int(value))


def serialize(value):
    """A Python value as DynamoDB JSON, as boto3's TypeSerializer writes it."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, float):
        raise TypeError("Float types are not supported. Use Decimal types instead.")
    if isinstance(value, (int, decimal.Decimal)):
        return {"N": _number_text(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (bytes, bytearray)):
        return {"B": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (set, frozenset)):
        members = list(value)
        if members and all(isinstance(m, str) for m in members):
            return {"SS": sorted(members)}
        if members and all(isinstance(m, (int, decimal.Decimal)) and not isinstance(m, bool) for m in members):
            return {"NS": sorted(_number_text(m) for m in members)}
        if members and all(isinstance(m, (bytes, bytearray)) for m in members):
            return {"BS": sorted(base64.b64encode(bytes(m)).decode("ascii") for m in members)}
        raise TypeError('Unsupported type "%s" for value "%s"' % (type(value), value))
    if isinstance(value, (list, tuple)):
        return {"L": [serialize(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {str(k): serialize(v) for k, v in value.items()}}
    raise TypeError('Unsupported type "%s" for value "%s"' % (type(value), value))


def _map(values):
    if not isinstance(values, dict):
        raise HARNESS["ParamValidationError"](
            "Invalid type for parameter, value: %s, type: %s, valid types: <class 'dict'>" % (values, type(values)))
    return {name: serialize(value) for name, value in values.items()}


def _condition_text(params):
    condition = params.get("ConditionExpression")
    if condition is not None and not isinstance(condition, str):
        raise NotImplementedError(
            "Shardlane reads ConditionExpression as a string: write it as text (\"attribute_not_exists(pk)\") "
            "rather than with boto3.dynamodb.conditions")


def _resource_params(params):
    _condition_text(params)
    converted = dict(params)
    for name in ("Item", "Key", "ExpressionAttributeValues"):
        if name in converted:
            converted[name] = _map(converted[name])
    return converted


class Table:
    """`resource('dynamodb').Table(name)`: the client's writes, with Python values."""

    def __init__(self, name, client):
        self.name = name
        self.table_name = name
        self._client = client

    def put_item(self, **params):
        return self._client.put_item(TableName=self.name, **_resource_params(params))

    def update_item(self, **params):
        return self._client.update_item(TableName=self.name, **_resource_params(params))

    def delete_item(self, **params):
        return self._client.delete_item(TableName=self.name, **_resource_params(params))

    def batch_writer(self, overwrite_by_pkeys=None):
        return BatchWriter(self, overwrite_by_pkeys)

    def __getattr__(self, name):
        raise NotImplementedError(
            "Shardlane simulates DynamoDB writes only: Table.%s is not available; replace its result with a "
            "literal" % name)


class BatchWriter:
    """boto3's batch_writer: puts and deletes buffered, sent as BatchWriteItem calls of 25."""

    def __init__(self, table, overwrite_by_pkeys):
        self._table = table
        self._pkeys = overwrite_by_pkeys
        self._buffer = []

    def put_item(self, Item):
        self._add({"PutRequest": {"Item": _map(Item)}})

    def delete_item(self, Key):
        self._add({"DeleteRequest": {"Key": _map(Key)}})

    def _add(self, request):
        if self._pkeys:
            inner = request.get("PutRequest", {}).get("Item") or request["DeleteRequest"]["Key"]
            key = [repr(inner.get(name)) for name in self._pkeys]
            self._buffer = [r for r in self._buffer
                            if [repr((r.get("PutRequest", {}).get("Item") or r["DeleteRequest"]["Key"]).get(name))
                                for name in self._pkeys] != key]
        self._buffer.append(request)
        if len(self._buffer) >= 25:
            self._flush()

    def _flush(self):
        if self._buffer:
            self._table._client.batch_write_item(RequestItems={self._table.name: self._buffer})
            self._buffer = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._flush()
        return False


class Resource:
    def __init__(self, region_name=None):
        self._client = Client(region_name)
        self.meta = type("Meta", (), {"client": self._client})()

    def Table(self, name):
        return Table(name, self._client)
