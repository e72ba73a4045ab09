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


# ---- botocore's parameter validation ---------------------------------------------------------------
# botocore's dynamodb model (data/dynamodb/2012-08-10/service-2.json): the write operations' input
# shapes, their members in the model's order. _validate follows botocore/validate.py: a structure
# reports missing required members, then unknown ones, then validates each member; a map validates
# each key, then each value; a list its length (min) and items; every problem is collected.

def _string(minimum=None):
    return {"type": "string", "min": minimum}


def _structure(required, members):
    return {"type": "structure", "required": required, "members": members}


_BLOB = {"type": "blob"}
_BOOLEAN = {"type": "boolean"}
_ATTRIBUTE_VALUE = _structure([], [])
_ATTRIBUTE_VALUE["members"].extend([
    ("S", _string()), ("N", _string()), ("B", _BLOB),
    ("SS", {"type": "list", "member": _string(), "min": None}),
    ("NS", {"type": "list", "member": _string(), "min": None}),
    ("BS", {"type": "list", "member": _BLOB, "min": None}),
    ("M", {"type": "map", "value": _ATTRIBUTE_VALUE}),
    ("L", {"type": "list", "member": _ATTRIBUTE_VALUE, "min": None}),
    ("NULL", _BOOLEAN), ("BOOL", _BOOLEAN)])
_ITEM = {"type": "map", "value": _ATTRIBUTE_VALUE}
_NAMES = {"type": "map", "value": _string()}
_EXPECTED = {"type": "map", "value": _structure([], [
    ("Value", _ATTRIBUTE_VALUE), ("Exists", _BOOLEAN), ("ComparisonOperator", _string()),
    ("AttributeValueList", {"type": "list", "member": _ATTRIBUTE_VALUE, "min": None})])}
_TABLE = _string(1)
_CONDITIONAL = [("ConditionExpression", _string()), ("ExpressionAttributeNames", _NAMES),
                ("ExpressionAttributeValues", _ITEM), ("ReturnValuesOnConditionCheckFailure", _string())]
_INPUT_SHAPES = {
    "PutItem": _structure(["TableName", "Item"], [
        ("TableName", _TABLE), ("Item", _ITEM), ("Expected", _EXPECTED), ("ReturnValues", _string()),
        ("ReturnConsumedCapacity", _string()), ("ReturnItemCollectionMetrics", _string()),
        ("ConditionalOperator", _string())] + _CONDITIONAL),
    "UpdateItem": _structure(["TableName", "Key"], [
        ("TableName", _TABLE), ("Key", _ITEM),
        ("AttributeUpdates", {"type": "map", "value": _structure([], [
            ("Value", _ATTRIBUTE_VALUE), ("Action", _string())])}),
        ("Expected", _EXPECTED), ("ConditionalOperator", _string()), ("ReturnValues", _string()),
        ("ReturnConsumedCapacity", _string()), ("ReturnItemCollectionMetrics", _string()),
        ("UpdateExpression", _string())] + _CONDITIONAL),
    "DeleteItem": _structure(["TableName", "Key"], [
        ("TableName", _TABLE), ("Key", _ITEM), ("Expected", _EXPECTED), ("ConditionalOperator", _string()),
        ("ReturnValues", _string()), ("ReturnConsumedCapacity", _string()),
        ("ReturnItemCollectionMetrics", _string())] + _CONDITIONAL),
    "BatchWriteItem": _structure(["RequestItems"], [
        ("RequestItems", {"type": "map", "key": _TABLE, "value": {"type": "list", "min": 1, "member": _structure([], [
            ("PutRequest", _structure(["Item"], [("Item", _ITEM)])),
            ("DeleteRequest", _structure(["Key"], [("Key", _ITEM)]))])}}),
        ("ReturnConsumedCapacity", _string()), ("ReturnItemCollectionMetrics", _string())]),
    "TransactWriteItems": _structure(["TransactItems"], [
        ("TransactItems", {"type": "list", "min": 1, "member": _structure([], [
            ("ConditionCheck", _structure(["Key", "TableName", "ConditionExpression"], [
                ("Key", _ITEM), ("TableName", _TABLE)] + _CONDITIONAL)),
            ("Put", _structure(["Item", "TableName"], [("Item", _ITEM), ("TableName", _TABLE)] + _CONDITIONAL)),
            ("Delete", _structure(["Key", "TableName"], [("Key", _ITEM), ("TableName", _TABLE)] + _CONDITIONAL)),
            ("Update", _structure(["Key", "UpdateExpression", "TableName"], [
                ("Key", _ITEM), ("UpdateExpression", _string()), ("TableName", _TABLE)] + _CONDITIONAL))])}),
        ("ReturnConsumedCapacity", _string()), ("ReturnItemCollectionMetrics", _string()),
        ("ClientRequestToken", _string(1))]),
}


def _label(name):
    return name[1:] if name.startswith(".") else (name or "input")


def _validate(value, shape, name, problems):
    kind, label = shape["type"], _label(name)
    invalid = HARNESS["_invalid_type"]
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(invalid(label, value, [str(dict)]))
            return
        for required in shape["required"]:
            if required not in value:
                problems.append('Missing required parameter in %s: "%s"' % (label, required))
        members = dict(shape["members"])
        names = [member for member, _ in shape["members"]]
        for param in value:
            if param not in members:
                problems.append('Unknown parameter in %s: "%s", must be one of: %s' % (label, param, ", ".join(names)))
        for param in value:
            if param in members:
                _validate(value[param], members[param], "%s.%s" % (name, param), problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(invalid(label, value, [str(dict)]))
            return
        for key, item in value.items():
            _validate(key, shape.get("key") or _string(), "%s (key: %s)" % (name, key), problems)
            _validate(item, shape["value"], "%s.%s" % (name, key), problems)
    elif kind == "list":
        if not isinstance(value, (list, tuple)):
            problems.append(invalid(label, value, [str(list), str(tuple)]))
            return
        if shape["min"] is not None and len(value) < shape["min"]:
            problems.append("Invalid length for parameter %s, value: %d, valid min length: %d"
                            % (label, len(value), shape["min"]))
        for i, item in enumerate(value):
            _validate(item, shape["member"], "%s[%d]" % (name, i), problems)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(invalid(label, value, [str(str)]))
        elif shape["min"] is not None and len(value) < shape["min"]:
            problems.append("Invalid length for parameter %s, value: %d, valid min length: %d"
                            % (label, len(value), shape["min"]))
    elif kind == "blob":
        if not isinstance(value, (bytes, bytearray, str)) and not hasattr(value, "read"):
            problems.append(invalid(label, value, [str(bytes), str(bytearray), "file-like object"]))
    elif kind == "boolean" and not isinstance(value, bool):
        problems.append(invalid(label, value, [str(bool)]))


def _check(operation, params):
    problems = []
    _validate(params, _INPUT_SHAPES[operation], "", problems)
    if problems:
        raise HARNESS["ParamValidationError"]("\n".join(problems))


# ---- the request as botocore sends it ---------------------------------------------------------------

def _blob(value):
    if hasattr(value, "read"):
        value = value.read()
    if isinstance(value, str):
        value = value.encode("utf-8")
    return base64.b64encode(bytes(value)).decode("ascii")


def _wire_value(value):
    """An AttributeValue in DynamoDB JSON: blobs in base64 (a str as its UTF-8), as botocore sends it."""
    out = {}
    for kind, inner in value.items():
        if kind == "B":
            out[kind] = _blob(inner)
        elif kind == "BS":
            out[kind] = [_blob(v) for v in inner]
        elif kind == "M":
            out[kind] = _wire_map(inner)
        elif kind == "L":
            out[kind] = [_wire_value(v) for v in inner]
        elif kind in ("SS", "NS"):
            out[kind] = list(inner)
        else:
            out[kind] = inner
    return out


def _wire_map(values):
    return {name: _wire_value(value) for name, value in values.items()}


# The parameters the core reads (ReturnValues and the like change nothing in the stream).
_KEPT = ("TableName", "Item", "Key", "UpdateExpression", "ConditionExpression", "ExpressionAttributeNames",
         "ExpressionAttributeValues")


def _request(params):
    request = {name: params[name] for name in _KEPT if name in params}
    for name in ("Item", "Key", "ExpressionAttributeValues"):
        if name in request:
            request[name] = _wire_map(request[name])
    return request


def _batch_request(params):
    return {"RequestItems": {table: [
        {kind: _request(inner) for kind, inner in write.items()} for write in writes]
        for table, writes in params["RequestItems"].items()}}


def _transact_request(params):
    return {"TransactItems": [{kind: _request(inner) for kind, inner in item.items()}
                              for item in params["TransactItems"]]}


class Client:
    """The DynamoDB client of the fake boto3: writes are validated as botocore validates them and
    recorded, never sent."""

    def __init__(self, region_name=None):
        self.region = region_name

    def put_item(self, **params):
        _check("PutItem", params)
        _record("PutItem", _request(params))
        return _metadata()

    def update_item(self, **params):
        _check("UpdateItem", params)
        _record("UpdateItem", _request(params))
        return _metadata()

    def delete_item(self, **params):
        _check("DeleteItem", params)
        _record("DeleteItem", _request(params))
        return _metadata()

    def batch_write_item(self, **params):
        _check("BatchWriteItem", params)
        _record("BatchWriteItem", _batch_request(params))
        answer = {"UnprocessedItems": {}}
        answer.update(_metadata())
        return answer

    def transact_write_items(self, **params):
        _check("TransactWriteItems", params)
        _record("TransactWriteItems", _transact_request(params))
        return _metadata()

    def __getattr__(self, name):
        raise NotImplementedError(
            "Shardlane simulates DynamoDB writes only: dynamodb.%s is not available; replace its result with "
            "a literal" % name)


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
        return {"B": bytes(value)}
    if isinstance(value, (set, frozenset)):
        members = list(value)
        if members and all(isinstance(m, str) for m in members):
            return {"SS": sorted(members)}
        if members and all(isinstance(m, (int, decimal.Decimal)) and not isinstance(m, bool) for m in members):
            return {"NS": sorted(_number_text(m) for m in members)}
        if members and all(isinstance(m, (bytes, bytearray)) for m in members):
            return {"BS": sorted((bytes(m) for m in members), key=lambda m: base64.b64encode(m))}
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
