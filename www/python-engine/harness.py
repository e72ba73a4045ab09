"""Runs a Kinesis producer script as written and returns every record it put, as JSON.

The same file runs in the page's CPython (Pyodide), in RustPython (the CLI) and in CPython (the
differential tests), so whatever it does must behave identically in all of them. It installs a fake boto3/botocore
whose Kinesis client records PutRecord/PutRecords entries instead of sending them, a virtual clock
(time.sleep advances it; time.time and datetime.now read it), and seeded random/uuid4. Records keep
the source line of the put call. Nothing here touches the network or the file system.
"""

import sys
import types


def _ensure_os_module():
    """Gives os.py a minimal `posix` module where the interpreter has no host OS (RustPython built
    for wasm32-unknown-unknown). Files, processes and the environment simply do not exist there."""
    try:
        import os  # noqa: F401
        return
    except ImportError:
        pass

    def unavailable(*args, **kwargs):
        raise OSError(38, "not available in the Shardlane playground")

    posix = types.ModuleType("posix")
    for name in ("stat", "lstat", "open", "close", "read", "write", "scandir", "listdir", "mkdir", "rmdir",
                 "unlink", "remove", "rename", "replace", "chdir", "readlink", "access", "fstat", "lseek",
                 "utime", "symlink", "link", "chmod", "putenv", "unsetenv", "system", "kill", "waitpid"):
        setattr(posix, name, unavailable)
    posix.environ = {}
    posix.error = OSError
    posix._have_functions = []
    posix.getcwd = lambda: "/"
    posix.getcwdb = lambda: b"/"
    posix.getpid = lambda: 1
    posix.cpu_count = lambda: 1
    posix.urandom = lambda n: bytes(n)
    posix.fspath = lambda path: path if isinstance(path, (str, bytes)) else path.__fspath__()
    posix.strerror = lambda code: "error %d" % code
    posix.device_encoding = lambda fd: None
    posix.get_terminal_size = unavailable
    posix._exit = unavailable
    sys.modules["posix"] = posix
    sys.builtin_module_names = tuple(sys.builtin_module_names) + ("posix",)


_ensure_os_module()

import base64  # noqa: E402
import binascii  # noqa: E402
import bisect  # noqa: E402
import builtins  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
import datetime as _datetime  # noqa: E402

USER_FILE = "<producer>"
MAX_CONSOLE_CHARS = 200_000
ACCOUNT = "123456789012"


class RecordCapReached(BaseException):
    """Raised at the put call past the record cap; BaseException so `except Exception` can't hide it."""


class State:
    def __init__(self, options):
        self.cap = options["record_cap"]
        self.origin_ms = options["clock_origin_ms"]
        self.starts = [int(s) for s in options["shard_starts"]]
        self.ends = [int(e) for e in options["shard_ends"]]
        self.shard_ids = options["shard_ids"]
        self.region = options.get("region", "us-east-1")
        self.clock_ms = 0
        self.records = []
        self.calls = 0
        self.next_sequence = {}
        self.sequence_prefixes = {}
        # The shard of each partition key seen (keys repeat: routing is the same every time).
        self.key_positions = {}
        self.used = {}


STATE = None


# ---- the virtual clock -------------------------------------------------------------------------

def _sleep(seconds):
    if not isinstance(seconds, (int, float)):
        raise TypeError("'%s' object cannot be interpreted as an integer or float" % type(seconds).__name__)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    STATE.clock_ms += int(round(seconds * 1000))


def _now_seconds():
    return (STATE.origin_ms + STATE.clock_ms) / 1000


def _now_ns():
    return (STATE.origin_ms + STATE.clock_ms) * 1_000_000


def _monotonic():
    return STATE.clock_ms / 1000


class VirtualDateTime(_datetime.datetime):
    """datetime.datetime whose now()/utcnow() read the virtual clock (UTC)."""

    @classmethod
    def now(cls, tz=None):
        naive = cls(1970, 1, 1) + _datetime.timedelta(milliseconds=STATE.origin_ms + STATE.clock_ms)
        if tz is None:
            return naive
        return tz.fromutc(naive.replace(tzinfo=tz))

    @classmethod
    def utcnow(cls):
        return cls.now()

    @classmethod
    def today(cls):
        return cls.now()


class VirtualDate(_datetime.date):
    @classmethod
    def today(cls):
        now = VirtualDateTime.now()
        return cls(now.year, now.month, now.day)


def _install_clock_and_randomness(seed):
    time.sleep = _sleep
    time.time = _now_seconds
    time.time_ns = _now_ns
    time.monotonic = _monotonic
    time.perf_counter = _monotonic
    _datetime.datetime = VirtualDateTime
    _datetime.date = VirtualDate
    random.seed(seed)
    uuid.uuid4 = lambda: uuid.UUID(int=random.getrandbits(128), version=4)


# ---- the Kinesis service (what AWS answers) ----------------------------------------------------
# The same answers as the Rust core (src/limits.rs, src/simulation/) and www/js-engine/kinesis.js;
# tests/service_model/*.json holds AWS's answers and runs against all three.

MIB = 1048576
MAX_RECORDS_PER_REQUEST = 500
MAX_REQUEST_BYTES = 10 * MIB
MAX_RECORD_BYTES = MIB
MAX_LISTED_VIOLATIONS = 10
INTERNAL_FAILURE_MESSAGE = "Internal Service Failure"


def _utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def _is_explicit_hash_key(text):
    if text == "0":
        return True
    return 1 <= len(text) <= 39 and text[0] in "123456789" and all(c in "0123456789" for c in text)


def _validation_message(violations):
    listed = violations[:MAX_LISTED_VIOLATIONS]
    noun = "error" if len(listed) == 1 else "errors"
    return "%d validation %s detected: %s" % (len(listed), noun, "; ".join(listed))


def _check_request(entries, batch):
    """The (code, message) AWS refuses a whole call with, or None; and each entry's size (data plus
    partition key, in bytes). Request validation first (at most ten violations listed), then the
    request size, each record's size with its key, and the range of ExplicitHashKey."""
    violations = []
    sizes = []

    def member(i, field):
        return "records.%d.member.%s" % (i + 1, field) if batch else field

    if batch and len(entries) > MAX_RECORDS_PER_REQUEST:
        violations.append(
            "Value '[… %d entries …]' at 'records' failed to satisfy constraint: Member must have length "
            "less than or equal to %d" % (len(entries), MAX_RECORDS_PER_REQUEST)
        )
    out_of_range = None
    for i, (key, data, explicit) in enumerate(entries):
        # Hot for large runs: an ASCII key's UTF-16 and UTF-8 lengths are its length.
        ascii = type(key) is str and key.isascii()
        length = len(key) if ascii else _utf16_length(key)
        if length < 1:
            violations.append("Value '' at '%s' failed to satisfy constraint: Member must have length "
                              "greater than or equal to 1" % member(i, "partitionKey"))
        elif length > 256:
            violations.append("Value '%s' at '%s' failed to satisfy constraint: Member must have length "
                              "less than or equal to 256" % (key, member(i, "partitionKey")))
        if explicit is not None:
            if not _is_explicit_hash_key(explicit):
                violations.append("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy "
                                  "regular expression pattern: 0|([1-9]\\d{0,38})"
                                  % (explicit, member(i, "explicitHashKey")))
            elif out_of_range is None and int(explicit) >= 2 ** 128:
                out_of_range = explicit
        if len(data) > MAX_RECORD_BYTES:
            violations.append("Value 'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]' at '%s' failed to satisfy "
                              "constraint: Member must have length less than or equal to %d"
                              % (len(data), len(data), member(i, "data"), MAX_RECORD_BYTES))
        sizes.append(len(data) + (length if ascii else len(key.encode("utf-8"))))
    if violations:
        return ("ValidationException", _validation_message(violations)), sizes
    if batch and sum(sizes) > MAX_REQUEST_BYTES:
        return ("InvalidArgumentException", "Records size exceeds 10 MB limit"), sizes
    for i, size in enumerate(sizes):
        if size > MAX_RECORD_BYTES:
            return ("ValidationException", "1 validation error detected: Value at '%s' failed to satisfy "
                    "constraint: Member must have length less than or equal to %d"
                    % (member(i, "data"), MAX_RECORD_BYTES)), sizes
    if out_of_range is not None:
        return ("InvalidArgumentException", "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                "[0, 2^128-1]. Specified value was %s" % out_of_range), sizes
    return None, sizes


def _sequence_prefix(position):
    """The start of the sequence numbers of the shard at `position`: 49 and its ShardId's digits."""
    prefix = STATE.sequence_prefixes.get(position)
    if prefix is None:
        shard_id = STATE.shard_ids[position]
        number = int(shard_id.rsplit("-", 1)[-1]) if shard_id.rsplit("-", 1)[-1].isdigit() else position
        STATE.sequence_prefixes[position] = prefix = "49%012d" % (number % 1_000_000_000_000)
    return prefix


def start_service(options_json):
    """Opens the stream of `options_json` (the harness options: shards, clock origin) with its
    virtual clock at 0, for `put_call` and `advance_clock` without a producer script (the service-
    model spec runs this way: tests/python/run_service_model.py)."""
    global STATE
    STATE = State(json.loads(options_json))


def advance_clock(ms):
    STATE.clock_ms += int(ms)


def put_call(operation, stream, entries):
    """AWS's answer to one PutRecord or PutRecords call of (partition key, data bytes, explicit hash
    key or None) entries, in the shape of its JSON response: {"ShardId", "SequenceNumber"},
    {"FailedRecordCount", "Records"}, or {"Error": {"Code", "Message"}} when AWS refuses the call.

    The hot path of a large run (100,000 records pass here), so it keeps what it reads in locals.
    Routing: the shard whose range holds the hash key. Throttling (MODEL): each shard's budget of
    1,000 records and 1 MiB resets every whole second of the virtual clock."""
    batch = operation == "PutRecords"
    refused, sizes = _check_request(entries, batch)
    if refused is not None:
        return {"Error": {"Code": refused[0], "Message": refused[1]}}
    starts, ends, shard_ids, used = STATE.starts, STATE.ends, STATE.shard_ids, STATE.used
    next_sequence, key_positions = STATE.next_sequence, STATE.key_positions
    second = STATE.clock_ms // 1000
    md5, from_bytes, bisect_right = hashlib.md5, int.from_bytes, bisect.bisect_right
    results = []
    append = results.append
    failed = 0
    for (key, data, explicit), size in zip(entries, sizes):
        position = key_positions.get(key) if explicit is None else None
        if position is None:
            if explicit is None:
                hash_key = from_bytes(md5(key.encode("utf-8")).digest(), "big")
            else:
                hash_key = int(explicit)
            position = bisect_right(starts, hash_key) - 1
            if position < 0 or hash_key > ends[position]:
                position = -1
            if explicit is None:
                key_positions[key] = position
        if position < 0:
            failed += 1
            append({"ErrorCode": "InternalFailure", "ErrorMessage": INTERNAL_FAILURE_MESSAGE})
            continue
        slot = (position, second)
        count, used_bytes = used.get(slot, (0, 0))
        if count + 1 > 1000 or used_bytes + size > MIB:
            failed += 1
            append({
                "ErrorCode": "ProvisionedThroughputExceededException",
                "ErrorMessage": "Rate exceeded for shard %s in stream %s under account %s."
                % (shard_ids[position], stream, ACCOUNT),
            })
            continue
        used[slot] = (count + 1, used_bytes + size)
        index = next_sequence.get(position, 0)
        next_sequence[position] = index + 1
        append({"SequenceNumber": _sequence_prefix(position) + "%042d" % index, "ShardId": shard_ids[position]})
    if batch:
        return {"FailedRecordCount": failed, "Records": results}
    if "ErrorCode" in results[0]:
        return {"Error": {"Code": results[0]["ErrorCode"], "Message": results[0]["ErrorMessage"]}}
    return results[0]


# ---- botocore / boto3 --------------------------------------------------------------------------

class ClientError(Exception):
    """botocore's: its message names the retries when the SDK gave up after retrying."""

    def __init__(self, error_response, operation_name):
        error = error_response.get("Error", {})
        metadata = error_response.get("ResponseMetadata", {})
        retry_info = ""
        if metadata.get("MaxAttemptsReached", False) and "RetryAttempts" in metadata:
            retry_info = " (reached max retries: %s)" % metadata["RetryAttempts"]
        super().__init__("An error occurred (%s) when calling the %s operation%s: %s"
                         % (error.get("Code", "Unknown"), operation_name, retry_info, error.get("Message", "Unknown")))
        self.response = error_response
        self.operation_name = operation_name


class ParamValidationError(Exception):
    def __init__(self, report):
        self.kwargs = {"report": report}
        super().__init__("Parameter validation failed:\n" + report)


class Config:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.retries = kwargs.get("retries")


# botocore's kinesis model (1.44): each input shape's members in the model's order, the required
# ones, and each member's type and minimum length. Client-side validation follows
# botocore/validate.py: required members, then unknown ones, then each member's type and min.
_BLOB, _STRING, _BOOLEAN = "blob", "string", "boolean"
_ENTRY_SHAPE = {"required": ["Data"], "members": [("Data", _BLOB, None), ("ExplicitHashKey", _STRING, None),
                                                  ("PartitionKey", _STRING, 1)]}
_INPUT_SHAPES = {
    "PutRecord": {"required": ["Data"], "members": [
        ("StreamName", _STRING, 1), ("Data", _BLOB, None), ("PartitionKey", _STRING, 1),
        ("ExplicitHashKey", _STRING, None), ("SequenceNumberForOrdering", _STRING, None),
        ("StreamARN", _STRING, 1), ("StreamId", _STRING, 1), ("DryRun", _BOOLEAN, None)]},
    "PutRecords": {"required": ["Records"], "members": [
        ("Records", ("list", _ENTRY_SHAPE), 1), ("StreamName", _STRING, 1), ("StreamARN", _STRING, 1),
        ("StreamId", _STRING, 1), ("DryRun", _BOOLEAN, None)]},
}


def _invalid_type(name, value, valid_types):
    return ("Invalid type for parameter %s, value: %s, type: %s, valid types: %s"
            % (name, value, type(value), ", ".join(valid_types)))


def _validate_member(value, kind, minimum, name, problems):
    if kind == _BLOB:
        if not isinstance(value, (bytes, bytearray, str)) and not hasattr(value, "read"):
            problems.append(_invalid_type(name, value, [str(bytes), str(bytearray), "file-like object"]))
    elif kind == _STRING:
        if not isinstance(value, str):
            problems.append(_invalid_type(name, value, [str(str)]))
        elif minimum is not None and len(value) < minimum:
            problems.append("Invalid length for parameter %s, value: %d, valid min length: %d"
                            % (name, len(value), minimum))
    elif kind == _BOOLEAN:
        if not isinstance(value, bool):
            problems.append(_invalid_type(name, value, [str(bool)]))
    else:
        _, member_shape = kind
        if not isinstance(value, (list, tuple)):
            problems.append(_invalid_type(name, value, [str(list), str(tuple)]))
            return
        if minimum is not None and len(value) < minimum:
            problems.append("Invalid length for parameter %s, value: %d, valid min length: %d"
                            % (name, len(value), minimum))
        for i, item in enumerate(value):
            _validate_structure(item, member_shape, "%s[%d]" % (name, i), problems)


def _validate_structure(params, shape, name, problems):
    label = name or "input"
    if not isinstance(params, dict):
        problems.append(_invalid_type(label, params, [str(dict)]))
        return
    for required in shape["required"]:
        if required not in params:
            problems.append('Missing required parameter in %s: "%s"' % (label, required))
    members = {member: (kind, minimum) for member, kind, minimum in shape["members"]}
    names = [member for member, _, _ in shape["members"]]
    for param in params:
        if param not in members:
            problems.append('Unknown parameter in %s: "%s", must be one of: %s' % (label, param, ", ".join(names)))
    for param in params:
        if param in members:
            kind, minimum = members[param]
            _validate_member(params[param], kind, minimum, "%s.%s" % (name, param) if name else param, problems)


def validate_parameters(operation, params):
    """botocore's ParamValidationError for `params` of `operation`, or None (botocore/validate.py)."""
    problems = []
    _validate_structure(params, _INPUT_SHAPES[operation], "", problems)
    return ParamValidationError("\n".join(problems)) if problems else None


def _data_bytes(data):
    if isinstance(data, str):
        return data.encode("utf-8")
    if hasattr(data, "read"):
        data = data.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return bytes(data)


def _caller_line():
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == USER_FILE:
            return frame.f_lineno
        frame = frame.f_back
    return None


# MODEL (as the JavaScript engine): what AWS answers a call without a stream or an entry without a
# partition key, both optional in botocore's model: the "must not be null" of AWS's validation.
def _null_violations(params, entries, batch):
    violations = []
    if params.get("StreamName") is None and params.get("StreamARN") is None:
        violations.append("Value null at 'streamName' failed to satisfy constraint: Member must not be null")
    for i, entry in enumerate(entries):
        if entry.get("PartitionKey") is None:
            violations.append("Value null at '%s' failed to satisfy constraint: Member must not be null"
                              % ("records.%d.member.partitionKey" % (i + 1) if batch else "partitionKey"))
    return violations


def _stream_name(params):
    if params.get("StreamName") is not None:
        return params["StreamName"]
    return params["StreamARN"].rsplit("/", 1)[-1]


def _put(operation, stream, entries):
    """Records the entries of one call (what AWS received) and returns AWS's answer."""
    line = _caller_line()
    call = STATE.calls
    STATE.calls += 1
    records = STATE.records
    room = max(STATE.cap - len(records), 0)
    api = operation
    clock_ms = STATE.clock_ms
    encode = binascii.b2a_base64
    records.extend((api, clock_ms, encode(data, newline=False).decode("ascii"), explicit, line, key, call, stream)
                   for key, data, explicit in (entries if len(entries) <= room else entries[:room]))
    if len(entries) > room:
        raise RecordCapReached()
    return put_call(operation, stream, entries)


# botocore's retries (botocore/retries/standard.py, the default mode; legacy: retryhandler.py and
# data/_retry.json). Both retry ProvisionedThroughputExceededException, a whole-call error: a
# throttled PutRecord, never a PutRecords' failed entries (its call succeeded).
_THROTTLING_CODES = frozenset(("Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
                               "TooManyRequestsException", "ProvisionedThroughputExceededException",
                               "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
                               "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
                               "EC2ThrottledException"))
# Legacy mode: data/_retry.json's __default__ 400-status codes, plus kinesis' LimitExceededException.
_LEGACY_RETRIED_CODES = frozenset(("ThrottlingException", "ThrottledException", "RequestThrottledException",
                                   "Throttling", "ProvisionedThroughputExceededException", "LimitExceededException"))


class _Retries:
    """One client's retry settings and (standard mode) its retry quota of 500."""

    def __init__(self, config):
        settings = dict((config.retries or {}) if config is not None else {})
        self.mode = settings.get("mode", "standard")
        if "total_max_attempts" in settings:
            self.max_attempts = settings["total_max_attempts"]
        elif "max_attempts" in settings:
            self.max_attempts = settings["max_attempts"] + 1
        else:
            self.max_attempts = 5 if self.mode == "legacy" else 3
        self.quota = 500

    def delay_ms(self, code, attempt):
        """Milliseconds before retrying after failed attempt `attempt` (1-based), or None."""
        if attempt >= self.max_attempts:
            return None
        if self.mode == "legacy":
            if code not in _LEGACY_RETRIED_CODES:
                return None
            return int(round(random.random() * 2 ** (attempt - 1) * 1000))
        if code not in _THROTTLING_CODES or self.quota < 5:
            return None
        self.quota -= 5
        return int(round(random.random() * min(2 ** (attempt - 1), 20) * 1000))

    def succeeded(self, retried):
        """A 2xx answer gives back 1, or after retries the cost of the last one (5)."""
        if self.mode != "legacy":
            self.quota = min(500, self.quota + (5 if retried else 1))


def _metadata(attempts, max_reached=False):
    metadata = {"HTTPStatusCode": 200, "RetryAttempts": attempts - 1}
    if max_reached:
        metadata["MaxAttemptsReached"] = True
    return metadata


_RECORD_FIELDS = frozenset(("Data", "PartitionKey", "ExplicitHashKey"))


class KinesisClient:
    """The Kinesis client of the fake boto3: puts are recorded, never sent."""

    def __init__(self, region_name=None, config=None):
        self.region = region_name or STATE.region
        self._retries = _Retries(config)

    def _send(self, operation, params, entries):
        """Sends the call as botocore does: AWS's answer, retried on the virtual clock."""
        batch = operation == "PutRecords"
        attempt = 1
        while True:
            violations = _null_violations(params, params.get("Records", ()) if batch else [params], batch)
            if violations:
                answer = {"Error": {"Code": "ValidationException", "Message": _validation_message(violations)}}
            else:
                answer = _put(operation, _stream_name(params), entries)
            error = answer.get("Error")
            delay = None if error is None else self._retries.delay_ms(error["Code"], attempt)
            if delay is None:
                break
            STATE.clock_ms += delay
            attempt += 1
        if error is not None:
            answer["ResponseMetadata"] = _metadata(attempt, max_reached=attempt > 1)
            raise ClientError(answer, operation)
        self._retries.succeeded(attempt > 1)
        answer["EncryptionType"] = "NONE"
        answer["ResponseMetadata"] = _metadata(attempt)
        return answer

    def put_record(self, **params):
        invalid = validate_parameters("PutRecord", params)
        if invalid is not None:
            raise invalid
        entry = (params.get("PartitionKey"), _data_bytes(params["Data"]), params.get("ExplicitHashKey"))
        return self._send("PutRecord", params, [entry])

    def put_records(self, **params):
        records = params.get("Records")
        entries = []
        # The common case first (plain dicts with a non-empty str key, bytes or str data, no other
        # field): the entries botocore's checks would accept, at a fraction of their cost.
        if type(records) is list and (params.keys() <= {"Records", "StreamName", "StreamARN"}) and all(
                type(params.get(name, "-")) is str and params.get(name, "-") for name in ("StreamName", "StreamARN")):
            for record in records:
                if type(record) is not dict:
                    break
                key = record.get("PartitionKey")
                data = record.get("Data")
                if not (type(key) is str and key and type(data) in (bytes, str)
                        and (len(record) == 2 or record.keys() <= _RECORD_FIELDS)
                        and type(record.get("ExplicitHashKey", "")) is str):
                    break
                entries.append((key, data.encode("utf-8") if type(data) is str else data,
                                record.get("ExplicitHashKey")))
            else:
                if entries:
                    return self._send("PutRecords", params, entries)
        invalid = validate_parameters("PutRecords", params)
        if invalid is not None:
            raise invalid
        entries = [(r.get("PartitionKey"), _data_bytes(r["Data"]), r.get("ExplicitHashKey")) for r in records]
        return self._send("PutRecords", params, entries)


class UnsupportedClient:
    def __init__(self, service):
        self.service = service

    def __getattr__(self, name):
        raise NotImplementedError(
            "Shardlane simulates Kinesis only: %s.%s is not available; replace its result with a literal"
            % (self.service, name))


# ---- Kinesis control-plane calls: the page's stream panel does them --------------------------
# The stream's shards are set outside the code (shard count, Split/Merge, pasted list-shards
# JSON), so a call that would create, reshape or list them says where to do it instead of failing
# with an AttributeError.

_CONTROL_PLANE = {
    "create_stream": "the stream already exists: set its shard count in the stream panel",
    "delete_stream": "the stream stays: the page simulates one stream",
    "split_shard": "use Split in the stream panel (Stream layout), or paste list-shards JSON there; the code's puts then route to that layout",
    "merge_shards": "use Merge in the stream panel (Stream layout), or paste list-shards JSON there; the code's puts then route to that layout",
    "update_shard_count": "set the shard count in the stream panel, or use its scale action; the code's puts then route to that layout",
    "list_shards": "the stream panel lists the shards and their hash key ranges",
    "describe_stream": "the stream panel lists the shards and their hash key ranges",
    "describe_stream_summary": "the stream panel shows the open shard count",
}


def _control_plane_call(name, where):
    def call(self, *args, **kwargs):
        raise NotImplementedError(
            "Shardlane does not run %s from code: %s."
            % (name, where))
    call.__name__ = name
    return call


for _name, _where in _CONTROL_PLANE.items():
    setattr(KinesisClient, _name, _control_plane_call(_name, _where))


def _client(service_name, *args, **kwargs):
    if service_name == "kinesis":
        return KinesisClient(kwargs.get("region_name"), kwargs.get("config"))
    if service_name == "dynamodb" and _DYNAMODB is not None:
        return _DYNAMODB.Client(kwargs.get("region_name"))
    return UnsupportedClient(service_name)


# DynamoDB writes live in www/python-engine/dynamodb.py, loaded by the engine as `shardlane_dynamodb`.
_DYNAMODB = sys.modules.get("shardlane_dynamodb")


def _resource(service_name, *args, **kwargs):
    if service_name == "dynamodb" and _DYNAMODB is not None:
        return _DYNAMODB.Resource(kwargs.get("region_name"))
    return UnsupportedClient(service_name)


class Session:
    def __init__(self, *args, **kwargs):
        self.region_name = kwargs.get("region_name")

    def client(self, service_name, *args, **kwargs):
        return _client(service_name, *args, **kwargs)

    def resource(self, service_name, *args, **kwargs):
        return _resource(service_name, *args, **kwargs)


def _module(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


def _install_fake_aws():
    exceptions = _module("botocore.exceptions", ClientError=ClientError, ParamValidationError=ParamValidationError,
                         BotoCoreError=Exception)
    config = _module("botocore.config", Config=Config)
    _module("botocore", exceptions=exceptions, config=config)
    session = _module("boto3.session", Session=Session)
    _module("boto3", client=_client, resource=_resource, Session=Session, session=session)


# ---- running the script ------------------------------------------------------------------------

# One record as json.dumps(sort_keys=True) writes it (the harness's output format).
_RECORD_JSON = ('{"api": "%s", "arrival_ms": %d, "data_base64": "%s", "explicit_hash_key": %s, "line": %s, '
                '"partition_key": %s, "put_call": %d, "stream": %s}')


def _json_value(value):
    if type(value) is str:
        return _json_string(value)
    return "null" if value is None else json.dumps(value, sort_keys=True)


_json_string = json.encoder.encode_basestring_ascii


def _records_json(records):
    """The JSON of the records (tuples in _put's order), byte for byte what json.dumps(sort_keys=True)
    writes for them as dicts, in about half its time: a large run has 100,000 of them."""
    text, value = _json_string, _json_value
    return "[" + ", ".join([
        _RECORD_JSON % (api, arrival_ms, data_base64, "null" if explicit is None else value(explicit),
                        "null" if line is None else line, text(key) if type(key) is str else value(key),
                        put_call, text(stream))
        for api, arrival_ms, data_base64, explicit, line, key, put_call, stream in records
    ]) + "]"


class Console(io.StringIO):
    """print() output, cut at MAX_CONSOLE_CHARS."""

    def write(self, text):
        room = MAX_CONSOLE_CHARS - self.tell()
        if room > 0:
            super().write(text[:room])
        return len(text)


def _user_location(error):
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == USER_FILE:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _error_of(error):
    if isinstance(error, SyntaxError) and error.filename == USER_FILE:
        return {"kind": type(error).__name__, "message": "%s: %s" % (type(error).__name__, error.msg),
                "line": error.lineno, "column": error.offset}
    message = "%s: %s" % (type(error).__name__, error)
    missing = getattr(error, "name", None) if isinstance(error, ModuleNotFoundError) else None
    if missing and missing.partition(".")[0] in getattr(sys, "stdlib_module_names", ()):
        # A standard module the page's engine does not ship (www/python-engine/stdlib-modules.txt).
        message = ("ModuleNotFoundError: '%s' is not in Shardlane's trimmed Python library (the page "
                   "loads only the standard modules producers use): replace what it provides with "
                   "literals" % missing)
    elif isinstance(error, ImportError) and getattr(error, "name", None):
        message = ("%s. Shardlane runs your producer without third-party packages: replace what '%s' "
                   "provides with literals (for example the records it would fetch)" % (message, error.name))
    return {"kind": type(error).__name__, "message": message, "line": _user_location(error), "column": None}


def run(code, options_json):
    """Runs `code` as __main__ and returns the JSON of what it put, printed, and how it ended."""
    global STATE
    STATE = State(json.loads(options_json))
    _install_fake_aws()
    if _DYNAMODB is not None:
        _DYNAMODB.reset(globals())
    _install_clock_and_randomness(json.loads(options_json)["seed"])
    console = Console()
    saved = sys.stdout, sys.stderr
    stopped = None
    error = None
    try:
        compiled = compile(code, USER_FILE, "exec")
        sys.stdout = sys.stderr = console
        exec(compiled, {"__name__": "__main__", "__file__": "producer.py", "__builtins__": builtins})
    except RecordCapReached:
        stopped = "record_cap"
    except SystemExit as exit:
        if exit.code not in (None, 0):
            error = {"kind": "SystemExit", "message": "SystemExit: %s" % (exit.code,), "line": _user_location(exit),
                     "column": None}
    except BaseException as raised:
        error = _error_of(raised)
    finally:
        sys.stdout, sys.stderr = saved
    answer = '{"clock_ms": %s, "console": %s, "error": %s, "records": %s, "stopped": %s}' % (
        json.dumps(STATE.clock_ms), json.dumps(console.getvalue()), json.dumps(error, sort_keys=True),
        _records_json(STATE.records), json.dumps(stopped))
    if _DYNAMODB is not None and _DYNAMODB.CALLS:
        answer = answer[:-1] + ', "dynamodb_calls": %s}' % json.dumps(_DYNAMODB.CALLS, sort_keys=True)
    return answer
