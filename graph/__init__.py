"""The graph model, the stores and what reads and writes them."""

from graph import native as _native

# before any module of the compiled group is imported: use the build only while it matches the source
_native.install_guard()
