"""The Python runtime of a Nubis execution environment (standard library only).

Loads the handler named by _HANDLER ("module.function", or "package/module.function") from
LAMBDA_TASK_ROOT (then the layers' folders that PYTHONPATH names), and loops on the Lambda Runtime API at
AWS_LAMBDA_RUNTIME_API (or Nubis's Unix socket for it): next event, invoke, post the response or the
error, as Lambda's Python runtime does (errorMessage, errorType, requestId, stackTrace).
"""
import importlib
import json
import logging
import os
import site
import socket
import sys
import time
import traceback

PREFIX = "/2018-06-01/runtime"


# Imported by a pre-started process while it waits, so that a function importing them (or boto3,
# through urllib3) does not pay for it in its cold start: ~40 ms here for urllib.request.
WARM_MODULES = ("http.client", "urllib.request")


def assignment():
    """A pre-started environment (NUBIS_PREWARMED=1) waits for its function's variables and
    working directory as one JSON line on stdin, so that a cold start only imports the code."""
    if os.environ.pop("NUBIS_PREWARMED", None) != "1":
        return
    for module in WARM_MODULES:
        importlib.import_module(module)
    line = sys.stdin.readline()
    message = json.loads(line)
    os.environ.update(message["variables"])
    os.chdir(message["cwd"])


class Headers(dict):
    """Response headers by lower-case name; `get` takes any case, as HTTP names are."""

    def get(self, name, default=None):
        return dict.get(self, name.lower(), default)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


class RuntimeClient:
    """The Runtime API with the bare HTTP/1.1 that Nubis's server speaks (one keep-alive
    connection, responses framed by Content-Length), over the Unix socket Nubis also serves it on
    when there is one (runtime-api.ts). http.client costs about four times the CPU per request
    (its header parsing), which shows when many environments share few cores."""

    def __init__(self, api, socket_path):
        self.api = api
        self.socket_path = socket_path
        self.sock = None
        self.unread = bytearray()

    def connect(self):
        if self.socket_path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(self.socket_path)
        else:
            host, port = self.api.rsplit(":", 1)
            sock = socket.create_connection((host, int(port)))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock
        self.unread = bytearray()

    def call(self, method, path, body=b"", headers=None):
        """Sends one request and reads its response; a broken connection is dropped (and raises)."""
        if self.sock is None:
            self.connect()
        try:
            head = f"{method} {PREFIX}{path} HTTP/1.1\r\nHost: {self.api}\r\nContent-Length: {len(body)}\r\n"
            for name, value in (headers or {}).items():
                head += f"{name}: {value}\r\n"
            self.sock.sendall(head.encode("latin-1") + b"\r\n" + body)
            return self.read_response()
        except OSError:
            self.sock.close()
            self.sock = None
            raise

    def read_response(self):
        end = self.unread.find(b"\r\n\r\n")
        while end == -1:
            self.receive()
            end = self.unread.find(b"\r\n\r\n")
        lines = self.unread[:end].decode("latin-1").split("\r\n")
        headers = Headers()
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        start = end + 4
        stop = start + int(headers.get("content-length", "0"))
        while len(self.unread) < stop:
            self.receive()
        body = bytes(self.unread[start:stop])
        del self.unread[:stop]
        return Response(int(lines[0].split(" ", 2)[1]), headers, body)

    def receive(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionResetError("the Runtime API closed the connection")
        self.unread += chunk


def runtime_client():
    """The socket's path is taken out of the environment: the function sees Lambda's variables."""
    api = os.environ["AWS_LAMBDA_RUNTIME_API"]
    return RuntimeClient(api, os.environ.pop("NUBIS_RUNTIME_API_SOCKET", None))


assignment()
client = runtime_client()


def call(method, path, body=b"", headers=None):
    return client.call(method, path, body, headers)


class RuntimeError_(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def error_body(error, request_id=None):
    if isinstance(error, RuntimeError_):
        body = {"errorMessage": str(error), "errorType": error.error_type, "stackTrace": []}
    else:
        stack = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
        body = {"errorMessage": str(error), "errorType": type(error).__name__, "stackTrace": stack}
    if request_id is not None:
        body["requestId"] = request_id
    return body


def post_error(path, body, headers=None):
    headers = {"Lambda-Runtime-Function-Error-Type": body["errorType"], **(headers or {})}
    return call("POST", path, json.dumps(body).encode(), headers)


# Nubis's Runtime API answers a response or error sent with this header with the next event
# (runtime-api.ts), so an invocation costs one round trip and the environment wakes once for it.
AWAIT_NEXT = {"Nubis-Await-Next": "1"}


def next_event(answer):
    """The next event: the answer's own reply, or (the answer refused, or its connection closed)
    a fresh request for it."""
    try:
        response = answer()
    except OSError:
        response = None
    if response is not None and response.status == 200:
        return response
    return call("GET", "/invocation/next")


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as error:
        raise RuntimeError_("Runtime.MalformedHandlerName", f"Bad handler '{handler}': {error}")
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as error:
        raise RuntimeError_("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {error}")
    except ImportError as error:
        raise RuntimeError_("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}")
    function = getattr(module, function_name, None)
    if not callable(function):
        raise RuntimeError_("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return function


class LambdaContext:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        client_context = headers.get("Lambda-Runtime-Client-Context")
        identity = headers.get("Lambda-Runtime-Cognito-Identity")
        self.client_context = json.loads(client_context) if client_context else None
        self.identity = json.loads(identity) if identity else None

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


class RequestIdFilter(logging.Filter):
    request_id = None

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def configure_logging():
    """Lambda's default format for the logging module's root logger."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    handler.formatter.converter = time.gmtime
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)


def set_search_path():
    """sys.path as on Lambda: the function's code, then the layers' python/lib/python3.X/site-packages
    and python folders (PYTHONPATH, which a pre-started process received after it started)."""
    layers = [path for path in os.environ.get("PYTHONPATH", "").split(os.pathsep) if path]
    first = [os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()), *layers]
    sys.path[:] = first + [path for path in sys.path if path not in first]
    for path in layers:
        if path.endswith("site-packages"):
            site.addsitedir(path)  # its .pth files, as for a site directory


def main():
    set_search_path()
    configure_logging()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except RuntimeError_ as error:
        print(f"[ERROR] {error.error_type}: {error}", flush=True)
        post_error("/init/error", error_body(error))
        sys.exit(129)
    response = call("GET", "/invocation/next")
    while True:
        headers = response.headers
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        RequestIdFilter.request_id = request_id
        try:
            event = json.loads(response.body) if response.body else None
            result = handler(event, LambdaContext(headers))
            answer = json.dumps(result).encode()
        except Exception as error:  # noqa: BLE001 - every handler error goes back to the caller
            print(f"[ERROR] {type(error).__name__}: {error}", flush=True)
            body = error_body(error, request_id)
            response = next_event(lambda: post_error(f"/invocation/{request_id}/error", body, AWAIT_NEXT))
        else:
            sys.stdout.flush()
            sent = {"Content-Type": "application/json", **AWAIT_NEXT}
            response = next_event(lambda: call("POST", f"/invocation/{request_id}/response", answer, sent))

main()
