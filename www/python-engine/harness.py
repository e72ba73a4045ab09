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


# ---- botocore / boto3 --------------------------------------------------------------------------

class ClientError(Exception):
    def __init__(self, code, message, operation):
        self.response = {"Error": {"Code": code, "Message": message}}
        self.operation_name = operation
        super().__init__("An error occurred (%s) when calling the %s operation: %s" % (code, operation, message))


class ParamValidationError(Exception):
    def __init__(self, report):
        self.kwargs = {"report": report}
        super().__init__("Parameter validation failed:\n" + report)


class Config:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


def _validate_params(given, required, allowed, types_of):
    problems = []
    for name in required:
        if name not in given:
            problems.append('Missing required parameter in input: "%s"' % name)
    for name in given:
        if name not in allowed:
            problems.append('Unknown parameter in input: "%s", must be one of: %s' % (name, ", ".join(allowed)))
    for name, valid in types_of.items():
        if name in given and not isinstance(given[name], valid):
            value = given[name]
            problems.append(
                "Invalid type for parameter %s, value: %s, type: %s, valid types: %s"
                % (name, value, type(value), ", ".join(str(t) for t in valid))
            )
    if problems:
        raise ParamValidationError("\n".join(problems))


def _data_bytes(data):
    if isinstance(data, str):
        return data.encode("utf-8")
    return bytes(data)


def _caller_line():
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == USER_FILE:
            return frame.f_lineno
        frame = frame.f_back
    return None


def _utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def _is_explicit_hash_key(text):
    if text == "0":
        return True
    return 1 <= len(text) <= 39 and text[0] in "123456789" and all(c in "0123456789" for c in text)


def _check_request(entries, batch):
    """The ValidationException/InvalidArgumentException AWS answers a whole call with, or None;
    and each entry's size (data plus partition key, in bytes)."""
    violations = []
    sizes = []

    def member(i, field):
        return "records.%d.member.%s" % (i + 1, field) if batch else field

    if batch and len(entries) > 500:
        violations.append(
            "Value '[...%d records]' at 'records' failed to satisfy constraint: Member must have length "
            "less than or equal to 500" % len(entries)
        )
    out_of_range = False
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
            elif int(explicit) >= 2 ** 128:
                out_of_range = True
        size = len(data) + (length if ascii else len(key.encode("utf-8")))
        sizes.append(size)
        if size > 1048576:
            violations.append("Value of %d bytes (data plus partition key) at '%s' failed to satisfy "
                              "constraint: Member must have length less than or equal to 1048576"
                              % (size, member(i, "data")))
    if violations:
        noun = "error" if len(violations) == 1 else "errors"
        refused = ("ValidationException", "%d validation %s detected: %s" % (len(violations), noun,
                                                                           "; ".join(violations)))
    elif out_of_range:
        refused = ("InvalidArgumentException", "ExplicitHashKey must be in the range: [0, 2^128-1]")
    elif batch and sum(sizes) > 10 * 1048576:
        refused = ("InvalidArgumentException",
                   "Records size of %d bytes exceeds the PutRecords limit of %d bytes (10 MiB, partition keys "
                   "included)" % (sum(sizes), 10 * 1048576))
    else:
        refused = None
    return refused, sizes


def _stream_name(params):
    if "StreamName" in params:
        return params["StreamName"]
    if "StreamARN" in params:
        return params["StreamARN"].rsplit("/", 1)[-1]
    raise ParamValidationError('Missing required parameter in input: "StreamName" or "StreamARN"')


def _sequence_prefix(position):
    """The start of the sequence numbers of the shard at `position`: 49 and its ShardId's digits."""
    prefix = STATE.sequence_prefixes.get(position)
    if prefix is None:
        shard_id = STATE.shard_ids[position]
        number = int(shard_id.rsplit("-", 1)[-1]) if shard_id.rsplit("-", 1)[-1].isdigit() else position
        STATE.sequence_prefixes[position] = prefix = "49%012d" % (number % 1_000_000_000_000)
    return prefix


def _put(operation, stream, entries, batch):
    """Records the entries of one call and returns AWS's per-entry results.

    The hot path of a large run (100,000 records pass here), so it keeps what it reads in locals.
    Routing: the shard whose range holds the hash key. Throttling (MODEL): each shard's budget of
    1,000 records and 1 MiB resets every whole second of the virtual clock."""
    line = _caller_line()
    call = STATE.calls
    STATE.calls += 1
    records = STATE.records
    room = max(STATE.cap - len(records), 0)
    api = "PutRecords" if batch else "PutRecord"
    clock_ms = STATE.clock_ms
    encode = binascii.b2a_base64
    records.extend((api, clock_ms, encode(data, newline=False).decode("ascii"), explicit, line, key, call, stream)
                   for key, data, explicit in (entries if len(entries) <= room else entries[:room]))
    if len(entries) > room:
        raise RecordCapReached()
    refused, sizes = _check_request(entries, batch)
    if refused is not None:
        raise ClientError(refused[0], refused[1], operation)
    starts, ends, shard_ids, used = STATE.starts, STATE.ends, STATE.shard_ids, STATE.used
    next_sequence, key_positions = STATE.next_sequence, STATE.key_positions
    second = clock_ms // 1000
    md5, from_bytes, bisect_right = hashlib.md5, int.from_bytes, bisect.bisect_right
    results = []
    append = results.append
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
            append({"ErrorCode": "InternalFailure", "ErrorMessage": "Internal service failure."})
            continue
        slot = (position, second)
        count, used_bytes = used.get(slot, (0, 0))
        if count + 1 > 1000 or used_bytes + size > 1048576:
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
    return results


def _metadata():
    return {"HTTPStatusCode": 200, "RetryAttempts": 0}


_RECORD_FIELDS = frozenset(("Data", "PartitionKey", "ExplicitHashKey"))


class KinesisClient:
    """The Kinesis client of the fake boto3: puts are recorded, never sent."""

    def __init__(self, region_name=None):
        self.region = region_name or STATE.region

    def put_record(self, **params):
        _validate_params(
            params,
            ["Data", "PartitionKey"],
            ["StreamName", "StreamARN", "Data", "PartitionKey", "ExplicitHashKey", "SequenceNumberForOrdering"],
            {"PartitionKey": (str,), "Data": (bytes, bytearray, str), "ExplicitHashKey": (str,),
             "StreamName": (str,), "StreamARN": (str,)},
        )
        stream = _stream_name(params)
        entry = (params["PartitionKey"], _data_bytes(params["Data"]), params.get("ExplicitHashKey"))
        result = _put("PutRecord", stream, [entry], False)[0]
        if "ErrorCode" in result:
            raise ClientError(result["ErrorCode"], result["ErrorMessage"], "PutRecord")
        result["EncryptionType"] = "NONE"
        result["ResponseMetadata"] = _metadata()
        return result

    def put_records(self, **params):
        _validate_params(params, ["Records"], ["StreamName", "StreamARN", "Records"],
                         {"Records": (list, tuple), "StreamName": (str,), "StreamARN": (str,)})
        stream = _stream_name(params)
        entries = []
        problems = []
        for i, record in enumerate(params["Records"]):
            # The common case first (a plain dict, a str key, bytes or str data, no other field):
            # the entry the checks below would make, at a fraction of their cost.
            if not problems and type(record) is dict:
                key = record.get("PartitionKey")
                data = record.get("Data")
                if (type(key) is str and type(data) in (bytes, str)
                        and (len(record) == 2 or record.keys() <= _RECORD_FIELDS)):
                    entries.append((key, data.encode("utf-8") if type(data) is str else data,
                                    record.get("ExplicitHashKey")))
                    continue
            if not isinstance(record, dict):
                problems.append("Invalid type for parameter Records[%d], value: %s, type: %s, valid types: "
                                "<class 'dict'>" % (i, record, type(record)))
                continue
            for name in ("Data", "PartitionKey"):
                if name not in record:
                    problems.append('Missing required parameter in input: "Records[%d].%s"' % (i, name))
            for name in record:
                if name not in ("Data", "PartitionKey", "ExplicitHashKey"):
                    problems.append('Unknown parameter in input: "Records[%d].%s", must be one of: Data, '
                                    'ExplicitHashKey, PartitionKey' % (i, name))
            key = record.get("PartitionKey")
            if key is not None and not isinstance(key, str):
                problems.append("Invalid type for parameter Records[%d].PartitionKey, value: %s, type: %s, "
                                "valid types: <class 'str'>" % (i, key, type(key)))
            data = record.get("Data")
            if data is not None and not isinstance(data, (bytes, bytearray, str)):
                problems.append("Invalid type for parameter Records[%d].Data, value: %s, type: %s, valid types: "
                                "<class 'bytes'>, <class 'bytearray'>, file-like object" % (i, data, type(data)))
            if not problems:
                entries.append((key, _data_bytes(data), record.get("ExplicitHashKey")))
        if problems:
            raise ParamValidationError("\n".join(problems))
        results = _put("PutRecords", stream, entries, True)
        failed = sum(1 for r in results if "ErrorCode" in r)
        return {"FailedRecordCount": failed, "Records": results, "EncryptionType": "NONE",
                "ResponseMetadata": _metadata()}


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
        return KinesisClient(kwargs.get("region_name"))
    return UnsupportedClient(service_name)


class Session:
    def __init__(self, *args, **kwargs):
        self.region_name = kwargs.get("region_name")

    def client(self, service_name, *args, **kwargs):
        return _client(service_name, *args, **kwargs)


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
    _module("boto3", client=_client, Session=Session, session=session)


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
    return '{"clock_ms": %s, "console": %s, "error": %s, "records": %s, "stopped": %s}' % (
        json.dumps(STATE.clock_ms), json.dumps(console.getvalue()), json.dumps(error, sort_keys=True),
        _records_json(STATE.records), json.dumps(stopped))
