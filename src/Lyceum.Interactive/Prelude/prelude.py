"""Lyceum cell prelude: runs one notebook cell on a Lyceum machine the way a local kernel would.

The notebook kernel ships this file, the cell's code and an inputs file as import_files and runs a
tiny bootstrap that calls main(). Structured output (displays, the last expression's value,
figures, variables, session state) travels inside stdout as frames

    \\x1e<nonce>:<kind>:<json>\\x1f

where the nonce is chosen per run by the kernel and never printed, and the JSON is ASCII-only
(json.dumps escapes control characters), so a frame cannot be forged by printing and cannot
contain its own end marker. Everything else the cell prints passes through untouched.

Standard library only, Python 3.8+. Optional helpers (matplotlib, cloudpickle, dill) are used when
the remote interpreter has them and silently skipped when it does not.
"""

import ast
import base64
import builtins
import importlib.util
import io
import json
import linecache
import marshal
import os
import pickle
import sys
import tokenize
import traceback
import types
import zlib

FOLDER = os.path.dirname(os.path.abspath(__file__))
INPUTS_FILE = "inputs.json"
SESSION_FILE = "session.b64"
BACKEND = "module://lyceum_mpl_backend"

_MIME_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("application/json", "_repr_json_"),
    ("text/latex", "_repr_latex_"),
)
_BINARY_MIMES = ("image/png", "image/jpeg")


def _open_channel(nonce, stream):
    """The one way frames are written. The nonce lives only in this closure: not in a global, not in
    a module attribute, not in a file once main() has read it, so the cell's code cannot forge a
    frame by ordinary means. Frames go to a duplicate of the original stdout descriptor, so a cell
    that replaces sys.stdout, or redirects descriptor 1, neither captures nor breaks them."""
    write = os.write
    try:
        stream.flush()
        descriptor = os.dup(stream.fileno())
    except Exception:
        descriptor = None
    prefix = "\x1e" + nonce + ":"
    del nonce

    def send(kind, payload):
        body = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
        # Flush whatever the cell printed first (it may have replaced sys.stdout), so the frame
        # lands exactly between the text printed before and after it.
        for out in (sys.stdout, stream):
            try:
                if out is not None:
                    out.flush()
            except Exception:
                pass
        data = (prefix + kind + ":" + body + "\x1f").encode("ascii")
        if descriptor is None:
            stream.write(data.decode("ascii"))
            stream.flush()
            return
        while data:
            data = data[write(descriptor, data):]

    return send


_send = None
_options = {}


def _warn(message):
    try:
        sys.stderr.write("lyceum: " + message + "\n")
        sys.stderr.flush()
    except Exception:
        pass


# ---------------------------------------------------------------- rich output


def _safe_repr(obj):
    try:
        return repr(obj)
    except Exception as error:
        return "<%s object (repr failed: %s)>" % (type(obj).__name__, error)


def _figure_class():
    module = sys.modules.get("matplotlib.figure")
    return getattr(module, "Figure", None) if module is not None else None


def _figure_bundle(fig):
    buffer = io.BytesIO()
    if _options.get("figure_format") == "svg":
        fig.savefig(buffer, format="svg", bbox_inches="tight")
        data = {"image/svg+xml": buffer.getvalue().decode("utf-8")}
    else:
        fig.savefig(buffer, format="png", bbox_inches="tight")
        data = {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii")}
    data["text/plain"] = _safe_repr(fig)
    return data


def _mime_value(mime, value):
    if isinstance(value, tuple) and len(value) == 2:
        value = value[0]  # (data, metadata), as IPython allows
    if value is None:
        return None
    if mime == "application/json":
        return json.dumps(value, allow_nan=False)
    if isinstance(value, (bytes, bytearray)):
        if mime in _BINARY_MIMES:
            return base64.b64encode(bytes(value)).decode("ascii")
        return bytes(value).decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def mime_bundle(obj):
    """The IPython repr protocol: every _repr_*_ the object answers, plus text/plain."""
    figure = _figure_class()
    if figure is not None and isinstance(obj, figure):
        try:
            return _figure_bundle(obj)
        except Exception as error:
            _warn("the figure could not be drawn: %s" % error)
    data = {}
    if not isinstance(obj, type):  # a class's _repr_html_ is an unbound function, not its display
        bundle_method = getattr(obj, "_repr_mimebundle_", None)
        if callable(bundle_method):
            try:
                bundle = bundle_method()
                if isinstance(bundle, tuple):
                    bundle = bundle[0]
                for mime, value in (bundle or {}).items():
                    converted = _mime_value(mime, value)
                    if converted is not None:
                        data[mime] = converted
            except Exception:
                pass
        for mime, name in _MIME_METHODS:
            if mime in data:
                continue
            method = getattr(obj, name, None)
            if not callable(method):
                continue
            try:
                converted = _mime_value(mime, method())
            except Exception:
                continue
            if converted is not None:
                data[mime] = converted
    if "text/plain" not in data:
        data["text/plain"] = _safe_repr(obj)
    return data


def display(*objs, raw=False, **_ignored):
    """Shows each object in the notebook cell with its richest representation."""
    for obj in objs:
        data = obj if raw and isinstance(obj, dict) else mime_bundle(obj)
        _send_bundle("display", data)


def _send_bundle(kind, data):
    try:
        _send(kind, {"data": data})
    except ValueError:
        # A _repr_json_ with NaN or similar: keep the parts that JSON can carry.
        data = {k: v for k, v in data.items() if k != "application/json"}
        _send(kind, {"data": data})


def show_figures():
    """Sends every open matplotlib figure to the cell as an image, then closes them."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    try:
        numbers = list(pyplot.get_fignums())
    except Exception:
        return
    for number in numbers:
        try:
            _send_bundle("display", _figure_bundle(pyplot.figure(number)))
        except Exception as error:
            _warn("figure %s could not be drawn: %s" % (number, error))
    try:
        pyplot.close("all")
    except Exception:
        pass


class _Rich:
    """What IPython.display's HTML, Markdown, SVG, Latex and JSON are: data that shows as one mime type."""
    mime = "text/plain"

    def __init__(self, data=None, url=None, filename=None, **_ignored):
        if filename is not None:
            with open(filename, "r", encoding="utf-8") as handle:
                data = handle.read()
        self.data, self.url = data, url

    def __repr__(self):
        return "<%s object>" % type(self).__name__

    def _repr_mimebundle_(self, **_ignored):
        return {self.mime: self.data, "text/plain": repr(self)}


def _rich(name, mime):
    return type(name, (_Rich,), {"mime": mime, "__module__": "IPython.display"})


class _Image:
    """IPython.display.Image: PNG or JPEG bytes, a file, or a URL."""

    def __init__(self, data=None, url=None, filename=None, format=None, width=None, height=None, **_ignored):
        if isinstance(data, str) and url is None and filename is None:
            if data.startswith(("http://", "https://")):
                url, data = data, None
            else:
                filename, data = data, None
        if filename is not None:
            with open(filename, "rb") as handle:
                data = handle.read()
        self.data, self.url, self.width, self.height = data, url, width, height
        self.format = (format or ("jpeg" if data and data[:2] == b"\xff\xd8" else "png")).lower().replace("jpg", "jpeg")

    def __repr__(self):
        return "<IPython.display.Image object>"

    def _repr_mimebundle_(self, **_ignored):
        if self.data is None:
            return {"text/html": '<img src="%s"/>' % self.url, "text/plain": repr(self)}
        return {"image/" + self.format: self.data, "text/plain": repr(self)}


class _DisplayPatchingLoader:
    """Loads the real IPython.display, then makes its display() this prelude's: outside an IPython
    shell, IPython's own display() would print the object's repr as text."""

    def __init__(self, real):
        self._real = real

    def create_module(self, spec):
        return self._real.create_module(spec)

    def exec_module(self, module):
        self._real.exec_module(module)
        module.display = display


class _IPythonDisplayFinder:
    def find_spec(self, name, path=None, target=None):
        if name != "IPython.display":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is not None and spec.loader is not None:
            spec.loader = _DisplayPatchingLoader(spec.loader)
        return spec


def _install_ipython_shim():
    """`from IPython.display import display, HTML, Markdown, Image` shows rich output, with IPython
    installed (its display is replaced when imported) or without it (a small stand-in module)."""
    try:
        if importlib.util.find_spec("IPython") is not None:
            sys.meta_path.insert(0, _IPythonDisplayFinder())
            return
    except Exception:
        return
    package = types.ModuleType("IPython")
    package.__path__ = []
    module = types.ModuleType("IPython.display")
    module.display = display
    module.HTML = _rich("HTML", "text/html")
    module.Markdown = _rich("Markdown", "text/markdown")
    module.SVG = _rich("SVG", "image/svg+xml")
    module.Latex = _rich("Latex", "text/latex")
    module.JSON = _rich("JSON", "application/json")
    module.Image = _Image
    module.clear_output = lambda wait=False: None
    package.display = module
    sys.modules["IPython"] = package
    sys.modules["IPython.display"] = module


def _select_matplotlib_backend():
    try:
        if importlib.util.find_spec("matplotlib") is None:
            return
    except Exception:
        return
    # The backend draws with Agg; its show() sends the figures to the cell.
    os.environ["MPLBACKEND"] = BACKEND


# ---------------------------------------------------------------- running the cell


def _ends_with_semicolon(source):
    last = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.INDENT,
                                  tokenize.DEDENT, tokenize.ENDMARKER):
                last = token
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"


def _shell(command):
    """`!command` in a cell: runs it in a shell, its output going straight to the cell."""
    import subprocess
    sys.stdout.flush()
    sys.stderr.flush()
    subprocess.run(command, shell=True)


def _magic(name, arguments):
    if name == "pip":
        import shlex
        import subprocess
        sys.stdout.flush()
        subprocess.run([sys.executable, "-m", "pip"] + shlex.split(arguments))
    elif name != "matplotlib":  # figures are always shown inline here
        _warn("%%%s is an IPython magic that remote cells do not run; the line was skipped" % name)


def _complete(lines):
    """Whether the lines form whole logical lines: no string, bracket or backslash left open."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
            pass
    except (tokenize.TokenError, SyntaxError):
        return False
    return True


def _with_shell_lines(source):
    """Rewrites IPython's `!command` and `%magic` lines into calls, keeping every line number. A line
    counts only where a logical line starts (found by tokenizing), so text inside a string, a
    bracket or a continued line is never touched, whatever it starts with."""
    out, pending = [], []
    for line in source.splitlines(True):
        stripped = line.lstrip()
        indent = line[:len(line) - len(stripped)]
        body = stripped.rstrip("\r\n")
        if not pending and body.startswith("!"):
            out.append("%s__lyceum_shell__(%r)\n" % (indent, body[1:]))
            continue
        if not pending and body.startswith("%") and not body.startswith("%%") and len(body) > 1:
            name, _, arguments = body[1:].partition(" ")
            out.append("%s__lyceum_magic__(%r, %r)\n" % (indent, name, arguments.strip()))
            continue
        pending.append(line)
        if _complete(pending):
            out.extend(pending)
            pending = []
    out.extend(pending)
    return "".join(out)


def _parse(source, filename):
    flags = ast.PyCF_ONLY_AST | _TOP_LEVEL_AWAIT
    try:
        return compile(source, filename, "exec", flags, dont_inherit=True)
    except SyntaxError:
        rewritten = _with_shell_lines(source)
        if rewritten == source:
            raise
        # Line numbers are kept, so a remaining error points at the real mistake.
        return compile(rewritten, filename, "exec", flags, dont_inherit=True)


def _run_cell(source, filename, namespace):
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    tree = _parse(source, filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not _ends_with_semicolon(source):
        last = compile(ast.Expression(tree.body.pop().value), filename, "eval", _TOP_LEVEL_AWAIT, dont_inherit=True)
    body = compile(tree, filename, "exec", _TOP_LEVEL_AWAIT, dont_inherit=True)
    if (body.co_flags | (last.co_flags if last is not None else 0)) & _CO_COROUTINE:
        # Like Jupyter: the body and the last expression share one event loop, so a task the body
        # creates can be awaited by the last line, whose value is the cell's result.
        import asyncio

        async def both():
            result = eval(body, namespace)
            if body.co_flags & _CO_COROUTINE:
                await result
            if last is None:
                return None
            value = eval(last, namespace)
            return (await value) if last.co_flags & _CO_COROUTINE else value

        value = asyncio.run(both())
    else:
        eval(body, namespace)
        value = eval(last, namespace) if last is not None else None
    if value is not None:
        _send_bundle("result", mime_bundle(value))


# Like a notebook, a cell may use `await` at the top level; such code compiles to a coroutine.
_TOP_LEVEL_AWAIT = getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)
_CO_COROUTINE = 0x0080


def _print_user_traceback(error, filename):
    if isinstance(error, SyntaxError) and error.filename == filename:
        lines = traceback.format_exception_only(type(error), error)
    else:
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != filename:
            tb = tb.tb_next
        if getattr(error, "_lyceum_advice", False):
            # The prelude's own advice (lyceum.s3() without --storage): the cell's lines, not the prelude's.
            frames = traceback.extract_tb(tb or error.__traceback__)
            inside = [i for i, frame in enumerate(frames) if os.path.abspath(frame.filename) == os.path.abspath(__file__)]
            lines = (["Traceback (most recent call last):\n"] + traceback.format_list(frames[:inside[0]] if inside else frames)
                     + traceback.format_exception_only(type(error), error))
        else:
            lines = traceback.format_exception(type(error), error, tb or error.__traceback__)
    sys.stderr.write("".join(lines))
    sys.stderr.flush()


def _exit_code(error):
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(str(code) + "\n")
    return 1


# ---------------------------------------------------------------- values out


def _is_code_or_module(value):
    return isinstance(value, (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType,
                              types.MethodType))


def _json_form(value):
    """pandas DataFrames travel as a list of row dictionaries and NumPy values as lists and numbers,
    the same shapes C# tables arrive in."""
    kind = type(value)
    module = kind.__module__ or ""
    if module.startswith("pandas") and kind.__name__ == "DataFrame":
        return json.loads(value.to_json(orient="records", date_format="iso"))
    if module == "numpy" and callable(getattr(value, "tolist", None)):
        return value.tolist()
    return value


def _is_plot_object(value, depth=0):
    # Figures, axes and lines (also lists and arrays of them, as plt.plot and plt.subplots return) are
    # shown as images; as values they are noise to list, not data to share.
    if (type(value).__module__ or "").split(".")[0] in ("matplotlib", "mpl_toolkits", "seaborn"):
        return True
    if depth < 2 and type(value).__module__ == "numpy" and getattr(getattr(value, "dtype", None), "kind", "") == "O":
        value = value.ravel().tolist()
    if depth < 2 and isinstance(value, (list, tuple)) and value:
        return all(_is_plot_object(item, depth + 1) for item in value)
    return False


def _defined_names(namespace):
    """The cell's top-level names a user means: not `_private`, not modules."""
    return [name for name, value in list(namespace.items())
            if not name.startswith("_") and not isinstance(value, types.ModuleType)]


def collect_variables(namespace, cap, exports=()):
    """The names and Python types of what the cell defined, and the values of the exported names
    (exports: names, or "*" for every data value) whose JSON fits within a total cap in bytes.
    Nothing else leaves the run: what the cell prints is kept in the service's run record, so
    values are not printed unless the user asks."""
    names = _defined_names(namespace)
    types_ = {name: type(namespace[name]).__name__ for name in names}
    everything = "*" in exports
    if everything:
        wanted = [n for n in names if not _is_code_or_module(namespace[n]) and not _is_plot_object(namespace[n])]
    else:
        wanted = [n for i, n in enumerate(exports) if n not in exports[:i]]
    values, skipped, total = {}, [], 0
    for name in wanted:
        if name not in namespace or name not in types_:
            skipped.append({"name": name, "reason": "not defined by the cell"})
            continue
        value = namespace[name]
        try:
            text = json.dumps(_json_form(value), allow_nan=False, ensure_ascii=True, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            skipped.append({"name": name, "reason": "not JSON-serialisable (%s)" % type(value).__name__})
            continue
        if total + len(text) > cap:
            skipped.append({"name": name, "reason": "over the %s cap for shared values" % _size(cap)})
            continue
        total += len(text)
        values[name] = json.loads(text)
    return {"values": values, "types": types_, "skipped": skipped}


def _size(count):
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return ("%d %s" % (count, unit)) if unit == "bytes" else ("%g %s" % (round(count, 1), unit))
        count /= 1024.0


# ---------------------------------------------------------------- session state

# Plain pickle stores a function or class defined in the cell as a reference to __main__.<name>,
# which the next run (a fresh process) cannot resolve. These reducers store them by value
# instead: the code object (marshal, same interpreter version) and the class's attributes.


def _new_function(code_bytes, name, cell_count):
    cells = tuple(types.CellType() for _ in range(cell_count))
    return types.FunctionType(marshal.loads(code_bytes), sys.modules["__main__"].__dict__, name, None,
                              cells or None)


def _set_function_state(function, state):
    function.__defaults__ = state["defaults"]
    function.__kwdefaults__ = state["kwdefaults"]
    function.__qualname__ = state["qualname"]
    function.__doc__ = state["doc"]
    function.__dict__.update(state["dict"])
    for cell, value in zip(function.__closure__ or (), state["closure"]):
        if value is not _EMPTY_CELL:
            cell.cell_contents = value
    return function


class _EmptyCell:
    def __reduce__(self):
        return "_EMPTY_CELL"


_EMPTY_CELL = _EmptyCell()


def _cell_value(cell):
    try:
        return cell.cell_contents
    except ValueError:
        return _EMPTY_CELL


def _new_class(metaclass, name, bases, namespace):
    return metaclass(name, bases, namespace)


def _set_class_state(cls, attributes):
    for key, value in attributes.items():
        try:
            setattr(cls, key, value)
        except (AttributeError, TypeError):
            pass
    return cls


class _ByValuePickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, types.FunctionType) and obj.__module__ == "__main__":
            closure = tuple(_cell_value(c) for c in obj.__closure__ or ())
            state = {"defaults": obj.__defaults__, "kwdefaults": obj.__kwdefaults__,
                     "qualname": obj.__qualname__, "doc": obj.__doc__, "dict": dict(obj.__dict__),
                     "closure": closure}
            return (_new_function, (marshal.dumps(obj.__code__), obj.__name__, len(closure)), state,
                    None, None, _set_function_state)
        if isinstance(obj, type) and obj.__module__ == "__main__":
            slots = obj.__dict__.get("__slots__", ())
            slots = (slots,) if isinstance(slots, str) else tuple(slots)
            skeleton = {"__module__": "__main__", "__qualname__": obj.__qualname__, "__doc__": obj.__doc__}
            if "__slots__" in obj.__dict__:
                skeleton["__slots__"] = slots
            attributes = {k: v for k, v in obj.__dict__.items()
                          if k not in ("__dict__", "__weakref__", "__module__", "__qualname__", "__doc__",
                                       "__slots__") and k not in slots}
            return (_new_class, (type(obj), obj.__name__, obj.__bases__, skeleton), attributes,
                    None, None, _set_class_state)
        if isinstance(obj, staticmethod):
            return (staticmethod, (obj.__func__,))
        if isinstance(obj, classmethod):
            return (classmethod, (obj.__func__,))
        if isinstance(obj, property):
            return (property, (obj.fget, obj.fset, obj.fdel, obj.__doc__))
        return NotImplemented


def _pickler():
    for name in ("cloudpickle", "dill"):
        try:
            module = __import__(name)
            return name, module.dumps
        except Exception:
            continue

    def dumps(obj):
        buffer = io.BytesIO()
        _ByValuePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
        return buffer.getvalue()

    return "pickle", dumps


def _loads(pickler_name, data):
    if pickler_name == "dill":
        import dill  # noqa: the state was written with dill, so it must be read with it
        return dill.loads(data)
    if pickler_name == "cloudpickle":
        import cloudpickle  # noqa: registers what cloudpickle's output refers to
    return pickle.loads(data)


def _python_version():
    return "%d.%d" % sys.version_info[:2]


def collect_session(namespace, cap):
    """Pickles the picklable top-level names once, compressed, within cap bytes; lists what is left
    out. Names are pickled one by one only to find what cannot go: an unpicklable value, or the
    largest values when the whole is over the cap."""
    pickler_name, dumps = _pickler()
    chosen, not_carried = [], []
    for name, value in list(namespace.items()):
        if name.startswith("__"):
            continue
        if isinstance(value, types.ModuleType):
            not_carried.append({"name": name, "reason": "module (import it again in the cell)"})
        elif isinstance(value, io.IOBase):
            not_carried.append({"name": name, "reason": "open file"})
        else:
            chosen.append(name)
    header = ("%s %s\n" % (pickler_name, _python_version())).encode("ascii")
    over = "over the %s session cap" % _size(cap)
    sizes = None
    while True:
        try:
            # One pickle for all names keeps shared objects shared (an instance and its class).
            blob = zlib.compress(header + dumps({n: namespace[n] for n in chosen}), 6)
        except Exception:
            kept = []
            for name in chosen:
                try:
                    dumps(namespace[name])
                    kept.append(name)
                except Exception as error:
                    not_carried.append({"name": name, "reason": "unpicklable (%s: %s)" % (type(error).__name__, error)})
            if len(kept) == len(chosen):
                raise
            chosen = kept
            continue
        if len(blob) <= cap or not chosen:
            break
        if sizes is None:
            sizes = {n: len(zlib.compress(dumps(namespace[n]), 1)) for n in chosen}
        largest = max(chosen, key=lambda n: sizes[n])
        chosen.remove(largest)
        not_carried.append({"name": largest, "reason": over})
    order = {name: i for i, name in enumerate(namespace)}
    return {"state": base64.b64encode(blob).decode("ascii"), "pickler": pickler_name,
            "carried": sorted(chosen, key=order.get),
            "not_carried": sorted(not_carried, key=lambda item: order.get(item["name"], 0))}


def restore_session(path, namespace):
    try:
        with open(path, "r", encoding="ascii") as handle:
            blob = zlib.decompress(base64.b64decode(handle.read()))
        header, _, data = blob.partition(b"\n")
        pickler_name, _, version = header.decode("ascii").partition(" ")
        if version != _python_version():
            # Functions and classes from earlier cells are stored as bytecode, which only the same
            # Python version can read.
            _warn("the session state was saved by Python %s and this machine runs Python %s, so it cannot be "
                  "restored; this cell starts without it. Run the earlier cells again on this machine type."
                  % (version or "of an older Lyceum.Interactive", _python_version()))
            return
        namespace.update(_loads(pickler_name, data))
    except Exception as error:
        _warn("the session state could not be restored (%s: %s); this cell starts without it"
              % (type(error).__name__, error))


# ---------------------------------------------------------------- storage (--storage)

# The run's temporary credentials go into the environment variables every S3 SDK reads (the kernel
# names them: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION,
# AWS_ENDPOINT_URL_S3, LYCEUM_S3_BUCKET). They are never globals of the cell, never printed, and the
# inputs file that brought them is deleted before the cell's code starts.


class LyceumStorageError(RuntimeError):
    """lyceum.s3() or lyceum.bucket() cannot be used in this run; the message says what to add."""
    _lyceum_advice = True


LyceumStorageError.__module__ = "lyceum"


def _grant_storage(storage):
    """--storage: puts the run's temporary credentials into this process's environment, where boto3
    and other S3 SDKs (and programs started with `!`) find them."""
    for variable, value in (storage.get("environment") or {}).items():
        os.environ[variable] = str(value)
    if "AWS_SESSION_TOKEN" not in (storage.get("environment") or {}):
        os.environ.pop("AWS_SESSION_TOKEN", None)


class _Lyceum:
    """`lyceum` in a cell (no import needed): the run's storage bucket, when the cell has --storage.

    lyceum.s3()      a boto3 S3 client for the bucket (endpoint, region, path-style addressing, credentials)
    lyceum.bucket()  the bucket's name
    """

    def __init__(self, kernel, storage):
        self._kernel = kernel or "lyceum-python"
        self._granted = bool(storage)
        # When the credentials stop working (UTC, ISO 8601), or None.
        self.expires_at = (storage or {}).get("expires_at")

    def __repr__(self):
        if not self._granted:
            return "<lyceum: s3(), bucket() (this cell has no --storage)>"
        return "<lyceum: s3(), bucket(); storage credentials until %s>" % (self.expires_at or "the service's limit")

    def _require(self, what):
        if not self._granted:
            raise LyceumStorageError(
                "%s needs storage access: start the cell with #!%s --storage (or give --storage to #!connect lyceum) "
                "and run it again." % (what, self._kernel))

    def bucket(self):
        """The name of your storage bucket (with --storage)."""
        self._require("lyceum.bucket()")
        return os.environ["LYCEUM_S3_BUCKET"]

    def s3(self, **client_options):
        """A boto3 S3 client for your bucket (with --storage); keyword arguments go to boto3.client."""
        self._require("lyceum.s3()")
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            missing = ModuleNotFoundError(
                "lyceum.s3() needs boto3, which this machine's Python does not have: add the line "
                "#!requirements boto3 to the cell and run it again.", name="boto3")
            missing._lyceum_advice = True
            raise missing from None
        # Older botocore does not read AWS_ENDPOINT_URL_S3, and Lyceum's S3 wants path-style addresses.
        options = {"endpoint_url": os.environ.get("AWS_ENDPOINT_URL_S3"),
                   "region_name": os.environ.get("AWS_REGION"),
                   "config": Config(signature_version="s3v4", s3={"addressing_style": "path"})}
        options.update(client_options)
        return boto3.client("s3", **options)


# ---------------------------------------------------------------- main


def _read_inputs():
    path = os.path.join(FOLDER, INPUTS_FILE)
    with open(path, "r", encoding="utf-8") as handle:
        inputs = json.load(handle)
    nonce = inputs.pop("nonce")
    # Deleted only once it was read: the nonce is for this prelude only, and now lives in a closure.
    try:
        os.remove(path)
    except OSError:
        pass
    return nonce, inputs


def _finish(namespace):
    steps = [("figures", show_figures),
             ("variables", lambda: _send("variables", collect_variables(
                 namespace, int(_options.get("variables_cap", 1048576)), _options.get("exports") or [])))]
    if _options.get("session"):
        steps.append(("session", lambda: _send(
            "session", collect_session(namespace, int(_options.get("session_cap", 12582912))))))
    for what, step in steps:
        try:
            step()
        except Exception as error:
            _warn("could not send the %s back (%s: %s)" % (what, type(error).__name__, error))


def main():
    global _send, _options
    nonce, inputs = _read_inputs()
    storage = inputs.pop("storage", None)
    if storage:
        _grant_storage(storage)
    builtins.lyceum = _Lyceum(inputs.get("kernel"), storage)
    del storage
    _options = inputs
    stdout = sys.stdout
    try:
        stdout.reconfigure(line_buffering=True)  # prints show up live, not at exit
    except Exception:
        pass
    _send = _open_channel(nonce, stdout)
    del nonce
    filename = inputs["cell"]
    with open(os.path.join(FOLDER, filename), "r", encoding="utf-8") as handle:
        source = handle.read()

    # A fresh __main__ (like runpy): the cell sees only its own names, and like a notebook cell it
    # has no __file__. The bootstrap's module stays referenced by its own frame.
    main_module = types.ModuleType("__main__")
    main_module.__dict__["__builtins__"] = builtins
    namespace = main_module.__dict__
    sys.modules["__main__"] = main_module
    sys.argv = [filename]
    builtins.display = display
    builtins.__lyceum_shell__ = _shell
    builtins.__lyceum_magic__ = _magic
    _select_matplotlib_backend()
    _install_ipython_shim()

    if _options.get("session") and os.path.exists(os.path.join(FOLDER, SESSION_FILE)):
        restore_session(os.path.join(FOLDER, SESSION_FILE), namespace)
    for name, value in (inputs.get("values") or {}).items():
        namespace[name] = value

    code = 0
    try:
        _run_cell(source, filename, namespace)
    except SystemExit as error:
        code = _exit_code(error)
    except BaseException as error:  # noqa: KeyboardInterrupt too: the cell failed
        _print_user_traceback(error, filename)
        code = 1
    _finish(namespace)
    try:
        sys.stdout.flush()
    except Exception:
        pass
    stdout.flush()
    return code
