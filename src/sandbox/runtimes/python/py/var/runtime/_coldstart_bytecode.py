"""
Bytecode of the runtime's own packages (boto3 and botocore in /var/lang/lib/python3.14/site-packages), compiled
once when the interpreter's memory snapshot is made and kept in that memory.

Lambda's python3.14 runtime ships its boto3 with `__pycache__` bytecode, so `import boto3` there runs the modules
without compiling their source. Here the runtime's files are written into the file system at every boot (the file
system is not part of a snapshot) and that directory is read-only, so Python would compile every module again at
each environment's init. The loader below answers from the code objects compiled here instead, as a `.pyc` would,
and only while the file's text is still the one that was compiled (anything else is compiled as usual). Your own
code in /var/task and layers are compiled at init, as on Lambda. (A private name: it is imported before your
code, so a module of yours with its name would be shadowed.)
"""

import importlib.machinery
import os
import sys

_code = {}
_directory = None


class _PrecompiledLoader(importlib.machinery.SourceFileLoader):
    def source_to_code(self, data, path, *, _optimize=-1):
        compiled = _code.get(path)
        if compiled is not None and compiled[0] == data:
            return compiled[1]
        return super().source_to_code(data, path, _optimize=_optimize)


def _path_hook(path):
    # The directory itself and its packages' folders (a package's submodules are found through its __path__).
    if _directory is None or (path != _directory and not path.startswith(_directory + "/")):
        # Not ours: the next hook (the usual FileFinder) takes the entry.
        raise ImportError("not the runtime's packages")
    return importlib.machinery.FileFinder(
        path,
        (_PrecompiledLoader, importlib.machinery.SOURCE_SUFFIXES),
        (importlib.machinery.SourcelessFileLoader, importlib.machinery.BYTECODE_SUFFIXES),
    )


def install(directory):
    """Compiles every module under `directory` and makes imports from that sys.path entry use the result."""
    global _directory
    _directory = directory
    for folder, _, names in os.walk(directory):
        for name in names:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                data = file.read()
            _code[path] = (data, compile(data, path, "exec", dont_inherit=True))
    if _path_hook not in sys.path_hooks:
        sys.path_hooks.insert(0, _path_hook)
    sys.path_importer_cache.pop(directory, None)


def count():
    """How many modules have bytecode ready (the runtime's tests check it)."""
    return len(_code)
