"""The Python runtime of a Nubis execution environment (standard library only).

Loads the handler named by _HANDLER ("module.function", or "package/module.function") from
LAMBDA_TASK_ROOT (then the layers' folders that PYTHONPATH names), and loops on the Lambda Runtime API at
AWS_LAMBDA_RUNTIME_API: next event, invoke, post the response or the error, as Lambda's Python
runtime does (errorMessage, errorType, requestId, stackTrace).
"""
import http.client
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


def assignment():
    """A pre-started environment (NUBIS_PREWARMED=1) waits for its function's variables and
    working directory as one JSON line on stdin, so that a cold start only imports the code."""
    if os.environ.pop("NUBIS_PREWARMED", None) != "1":
        return
    line = sys.stdin.readline()
    message = json.loads(line)
    os.environ.update(message["variables"])
    os.chdir(message["cwd"])


class UnixConnection(http.client.HTTPConnection):
    """HTTP to the Runtime API over the Unix socket Nubis also serves it on (runtime-api.ts):
    a local socket costs less per message than loopback TCP."""

    def __init__(self, host, path):
        super().__init__(host)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.socket_path)


def runtime_connection():
    """The socket's path is taken out of the environment: the function sees Lambda's variables."""
    api = os.environ["AWS_LAMBDA_RUNTIME_API"]
    path = os.environ.pop("NUBIS_RUNTIME_API_SOCKET", None)
    return UnixConnection(api, path) if path else http.client.HTTPConnection(api)


assignment()
connection = runtime_connection()


def call(method, path, body=None, headers=None):
    connection.request(method, PREFIX + path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response, response.read()


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
    return call("POST", path, json.dumps(body), headers)


# Nubis's Runtime API answers a response or error sent with this header with the next event
# (runtime-api.ts), so an invocation costs one round trip and the environment wakes once for it.
AWAIT_NEXT = {"Nubis-Await-Next": "1"}


def next_event(answered):
    """The next event: the answer's own reply, or (the answer refused) a fresh request for it."""
    response, body = answered
    if response.status == 200:
        return response, body
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
    response, body = call("GET", "/invocation/next")
    while True:
        headers = response.headers
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        RequestIdFilter.request_id = request_id
        try:
            event = json.loads(body) if body else None
            result = handler(event, LambdaContext(headers))
            answer = json.dumps(result)
        except Exception as error:  # noqa: BLE001 - every handler error goes back to the caller
            print(f"[ERROR] {type(error).__name__}: {error}", flush=True)
            sys.stdout.flush()
            answered = post_error(f"/invocation/{request_id}/error", error_body(error, request_id), AWAIT_NEXT)
        else:
            sys.stdout.flush()
            headers = {"Content-Type": "application/json", **AWAIT_NEXT}
            answered = call("POST", f"/invocation/{request_id}/response", answer, headers)
        response, body = next_event(answered)


main()
