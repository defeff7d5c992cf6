"""The shape of the code: apps depend in one direction, and services take keyword arguments.

Every `holdspace.<app>` import in every module counts, those inside functions too (migrations
aside: they name the apps whose history they follow).
"""
import ast
from pathlib import Path

HOLDSPACE = Path(__file__).resolve().parent.parent / "holdspace"
ROOT_MODULES = {"settings", "urls", "wsgi", "__init__"}

# From the ground up. An app may import its own layer's lower neighbours and any layer below.
LAYERS = [
    ["env", "formats", "crypto", "audit", "web"],
    ["accounts", "keys", "organisations"],
    ["inventory", "reports", "conduct", "stories", "circles", "vetting", "assessments", "concerns",
     "accountability"],
    ["site"],
]

# Logic modules: everything but the framework's entry points.
NOT_LOGIC = {"views", "forms", "models", "urls", "apps", "admin", "templatetags", "management", "migrations",
             "tests"}


def _modules():
    for path in sorted(HOLDSPACE.rglob("*.py")):
        parts = path.relative_to(HOLDSPACE).parts
        if "migrations" in parts:
            continue
        app = parts[0].removesuffix(".py")
        if app in ROOT_MODULES:
            continue
        yield app, path, ast.parse(path.read_text(), filename=str(path))


def _imported_apps(path: Path, tree: ast.AST):
    package = list(path.relative_to(HOLDSPACE.parent).with_suffix("").parts)
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level]
                names = [".".join(base + ([node.module] if node.module else []))]
            elif node.module == "holdspace":
                names = [f"holdspace.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "holdspace" and parts[1] not in ROOT_MODULES:
                yield parts[1], node.lineno


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for app, path, tree in _modules():
        graph.setdefault(app, set())
        for other, _line in _imported_apps(path, tree):
            if other != app:
                graph[app].add(other)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(app):
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for other in graph.get(app, ()):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return groups


def test_the_app_graph_has_no_cycle():
    graph = app_graph()
    assert {"web", "keys", "site", "reports"} <= set(graph)  # the walk found the apps
    assert _cycles(graph) == []


def test_no_app_imports_a_layer_above_its_own():
    layer_of = {app: number for number, apps in enumerate(LAYERS) for app in apps}
    graph = app_graph()
    assert set(graph) <= set(layer_of), f"place these apps in LAYERS: {sorted(set(graph) - set(layer_of))}"
    upward = sorted((app, other) for app, others in graph.items() for other in others
                    if layer_of[other] > layer_of[app])
    assert upward == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def keyword_only_figures() -> tuple[int, int, list[str]]:
    """(keyword-only, all) public functions with more than one parameter in logic modules, and the others."""
    counted, keyword_only, positional = 0, 0, []
    for app, path, tree in _modules():
        parts = set(path.relative_to(HOLDSPACE).with_suffix("").parts)
        if parts & NOT_LOGIC:
            continue
        for node in tree.body:
            functions = [node] if isinstance(node, ast.FunctionDef) else []
            for function in functions:
                if function.name.startswith("_"):
                    continue
                arguments = function.args
                positional_count = len(arguments.posonlyargs) + len(arguments.args)
                total = positional_count + len(arguments.kwonlyargs) + bool(arguments.vararg) + bool(arguments.kwarg)
                if total <= 1:
                    continue
                counted += 1
                if positional_count <= 1 and not arguments.vararg:
                    keyword_only += 1
                else:
                    positional.append(f"{path.relative_to(HOLDSPACE)}:{function.name}")
    return keyword_only, counted, positional


def test_services_and_selectors_take_their_arguments_by_name():
    """Every public logic function with more than one parameter is keyword-only after its first."""
    keyword_only, counted, positional = keyword_only_figures()
    assert counted > 200  # the walk found the logic modules
    assert positional == []
    assert keyword_only == counted
