"""Planned execution follows graphql-core's rules where they are subtle: null propagation through
non-null fields and lists, errors raised or returned by sync and async resolvers, leaf values
that cannot be serialized, aliases, fragments, ``@skip``/``@include``, and what a plan does not
handle (interfaces, mutations) — on a small schema of its own, each operation run by both
executors and the answers compared whole."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
import strawberry
from hypothesis import given, settings
from hypothesis import strategies as st
from strawberry.dataloader import DataLoader

from schema.execution import STATS, PlannedExecution


@strawberry.enum
class Mood(Enum):
    HAPPY = "happy"
    SAD = "sad"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Leaf(Named):
    n: int
    mood: Mood
    # An attribute Int holding what serialize_int turns (a bool, a whole float) or refuses.
    odd: int | None = None

    @strawberry.field
    def fails(self) -> str | None:
        raise ValueError(f"leaf {self.n} fails")

    @strawberry.field
    def must(self) -> str:
        if self.n % 3 == 0:
            raise ValueError(f"leaf {self.n} must fail")
        return f"must {self.n}"

    @strawberry.field
    def null_but_required(self) -> str:
        return None  # type: ignore[return-value]

    @strawberry.field
    async def later(self, info: strawberry.Info) -> int:
        return await info.context["loader"].load(self.n)

    @strawberry.field
    async def later_fails(self) -> int | None:
        await asyncio.sleep(0)
        raise ValueError(f"later {self.n} fails")

    @strawberry.field
    def returned_error(self) -> str | None:
        return ValueError("returned, not raised")  # type: ignore[return-value]

    @strawberry.field
    def too_big(self) -> int | None:
        return 2**40

    @strawberry.field
    def echo(self, text: str = "hi") -> str:
        return f"{text} {self.n}"


@strawberry.type
class Branch:
    label: str
    leaves: list[Leaf]
    maybe_leaves: list[Leaf | None] | None
    strict_leaves: list[Leaf]

    @strawberry.field
    def not_a_list(self) -> list[int] | None:
        return 5  # type: ignore[return-value]


_ODD: list[Any] = [True, 2**31, 3.0, -(2**31)]  # a leaf's n picks one


def _leaves(count: int) -> list[Leaf]:
    return [Leaf(name=f"leaf {n}", n=n, mood=Mood.HAPPY if n % 2 else Mood.SAD,
                 odd=_ODD[n % len(_ODD)])
            for n in range(count)]


@strawberry.type
class Plain:
    """No interface, so no ``is_type_of``: its objects take the plan's shortest paths."""

    n: int

    @strawberry.field
    def must(self) -> str:
        if self.n == 2:
            raise ValueError("plain 2 must fail")
        return f"plain {self.n}"

    @strawberry.field
    async def child(self) -> Plain | None:
        await asyncio.sleep(0)
        return Plain(n=self.n + 10) if self.n % 2 else None

    @strawberry.field
    def strict_child(self) -> Plain:
        return None if self.n == 3 else Plain(n=self.n + 20)  # type: ignore[return-value]


@strawberry.type
class Row:
    """Attribute leaves of every kind, holding what their scalar takes as it is, what it
    converts, and what it refuses (a plan completes these a level at a time)."""

    id: strawberry.ID
    label: str
    maybe: str | None
    count: int
    mood: Mood
    when: datetime
    amount: Decimal


_ROW = {"id": "r1", "label": "one", "maybe": None, "count": 1, "mood": Mood.HAPPY,
        "when": datetime(2026, 11, 1, 12, tzinfo=UTC), "amount": Decimal("1.50")}


class _Unreadable:
    """A Row whose ``label`` cannot be read, and whose ``maybe`` cannot either."""

    id, count, mood, when, amount = "r9", 9, Mood.SAD, _ROW["when"], Decimal("9")

    @property
    def label(self) -> str:
        raise ValueError("label unreadable")

    @property
    def maybe(self) -> str:
        raise ValueError("maybe unreadable")


def _rows() -> list[Any]:
    def row(**changed: Any) -> Row:
        return Row(**{**_ROW, **changed})

    return [row(), row(id=uuid.UUID(int=7), count=True, maybe=5), row(label=None), _Unreadable(),
            row(mood="sad", amount=3), row(mood="angry"), row(count=2**40, maybe=2.5),
            row(when="not a datetime"), None, row(id=12, amount=Decimal("2.25"))]


@strawberry.type
class Query:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        return _rows()

    @strawberry.field
    def strict_rows(self) -> list[Row] | None:
        return _rows()[:2]

    @strawberry.field
    def plains(self) -> list[Plain | None]:
        return [Plain(n=0), None, ValueError("item 2 returned as an error"),  # type: ignore[list-item]
                Plain(n=3), Plain(n=2)]

    @strawberry.field
    def strict_plains(self, broken: bool = False) -> list[Plain] | None:
        return [Plain(n=1), None if broken else Plain(n=4)]  # type: ignore[list-item]

    @strawberry.field
    def nested_plains(self) -> list[list[Plain | None] | None]:
        return [[Plain(n=1), None], None, [Plain(n=2), Plain(n=3)]]

    @strawberry.field
    def one_plain(self, fail: bool = False) -> Plain | None:
        return ValueError("returned, not raised") if fail else Plain(n=5)  # type: ignore[return-value]

    @strawberry.field
    def branches(self, count: int = 2) -> list[Branch]:
        return [Branch(label=f"b{b}", leaves=_leaves(4), maybe_leaves=[*_leaves(2), None],
                       strict_leaves=_leaves(4)) for b in range(count)]

    @strawberry.field
    def branch(self) -> Branch | None:
        return Branch(label="one", leaves=_leaves(3), maybe_leaves=None, strict_leaves=[])

    @strawberry.field
    def required(self) -> Branch:
        raise ValueError("the root field fails")

    @strawberry.field
    def named(self) -> list[Named]:
        return _leaves(2)  # type: ignore[return-value]

    @strawberry.field
    def bad_mood(self) -> Mood | None:
        return "angry"  # type: ignore[return-value]


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> Branch:
        return Branch(label="touched", leaves=_leaves(1), maybe_leaves=None, strict_leaves=[])


planned = strawberry.Schema(query=Query, mutation=Mutation,
                            execution_context_class=PlannedExecution)
stock = strawberry.Schema(query=Query, mutation=Mutation)


def _loader(batches: list[list[int]]) -> DataLoader[int, int]:
    """A dataloader noting its batches (one per request: graphql-core may leave resolvers of a
    discarded subtree to settle after the answer, and those must not count for the next)."""
    async def load(keys: list[int]) -> list[int]:
        batches.append(list(keys))
        return [k * 10 for k in keys]

    return DataLoader(load)


def _answer(result: Any) -> dict[str, Any]:
    errors = sorted(json.dumps(e.formatted, sort_keys=True) for e in result.errors or ())
    return {"data": result.data, "errors": errors}


def _discarded(data: Any, path: list[Any]) -> bool:
    """Whether the object an error at ``path`` belongs to was nulled by another error."""
    node = data
    for key in path[:-1]:
        if node is None:
            return True
        node = node[key]
    return node is None


def assert_same(mine: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Equal data and errors — except the errors graphql-core reports from inside a subtree
    another error nulled, which depend on the order it ran things in: plans report only the
    error that nulled it."""
    assert mine["data"] == theirs["data"]
    assert set(mine["errors"]) <= set(theirs["errors"])
    for extra in set(theirs["errors"]) - set(mine["errors"]):
        assert _discarded(theirs["data"], json.loads(extra)["path"]), extra


async def _both(query: str, variables: dict[str, Any] | None = None,
                expect_plan: bool = True) -> dict[str, Any]:
    before = STATS["planned"]
    my_batches: list[list[int]] = []
    mine = await planned.execute(query, variables, context_value={"loader": _loader(my_batches)})
    their_batches: list[list[int]] = []
    theirs = await stock.execute(query, variables,
                                 context_value={"loader": _loader(their_batches)})
    assert_same(_answer(mine), _answer(theirs))
    if not theirs.errors:
        # The same dataloader batches. (Where an error nulls a subtree, graphql-core may stop
        # before loading what plans load with the rest of the level: discarded either way.)
        assert my_batches == their_batches
    assert (STATS["planned"] > before) == expect_plan
    return _answer(mine)


@pytest.mark.parametrize("query", [
    "{ branches { label leaves { n name mood later echo(text: \"yo\") } } }",
    "{ branches { leaves { n fails } } }",
    "{ branches { leaves { n must } } }",  # non-null errors null the leaf, then the list
    "{ branches { maybeLeaves { n must } } }",  # ... or only the item, where it may be null
    "{ branches { label strictLeaves { nullButRequired } } }",
    "{ branch { label leaves { laterFails later } } }",
    "{ branch { leaves { returnedError tooBig } notAList } badMood }",
    "{ branches(count: 3) { leaves { n odd } maybeLeaves { odd } } }",
    # Objects without an interface: nulls, errors and nested lists in lists of objects, an
    # error inside an object that nulls it (and then its list item), async object fields.
    "{ plains { n child { n child { n } } } }",
    # Attribute leaves: taken as they are, converted, refused, null where they may not be,
    # failing to be read; with aliases, repeated and between other fields.
    "{ rows { id label maybe count mood when amount } }",
    "{ rows { __typename c: count m: mood label again: label } strictRows { id count } }",
    "{ rows { maybe } strictRows { label maybe when } }",
    "{ plains { n must } strictPlains { n } broken: strictPlains(broken: true) { n } }",
    "{ plains { strictChild { n } } nestedPlains { n must strictChild { n } } }",
    "{ onePlain { n child { n } } failed: onePlain(fail: true) { n } }",
    "{ branch { maybeLeaves { n } } required { label } }",  # the root's data is null
    "{ a: branch { label } b: branch { l: label ...F } } fragment F on Branch { leaves { n } }",
    "{ branch { ... on Branch { label } leaves { __typename n } } __typename }",
    "{ branch { leaves { a: echo(text: \"x\") b: echo(text: \"y\") echo } } }",
    # Introspection is a query like any other (GraphiQL's schema query goes this way).
    "{ __type(name: \"Leaf\") { name kind fields { name args { name defaultValue } type {"
    " kind name ofType { kind name ofType { name } } } } interfaces { name } } }",
    "{ __schema { queryType { name } mutationType { name } types { name kind"
    " enumValues { name } possibleTypes { name } } directives { name locations } } }",
])
async def test_planned_answers_equal_graphql_core(query):
    await _both(query)


async def test_a_dataloader_batches_a_whole_level():
    answer = await _both("{ branches(count: 3) { leaves { later } } }")
    assert answer["data"]["branches"][2]["leaves"][3]["later"] == 30


async def test_skip_and_include_follow_the_variables():
    query = """query($s: Boolean!) { branch { label @skip(if: $s) leaves @include(if: $s)
        { n } } }"""
    assert "label" not in (await _both(query, {"s": True}))["data"]["branch"]
    assert "leaves" not in (await _both(query, {"s": False}))["data"]["branch"]


async def test_what_a_plan_does_not_handle_runs_on_graphql_core():
    await _both("{ named { name } }", expect_plan=False)  # an interface
    await _both("mutation { touch { label } }", expect_plan=False)


@settings(max_examples=40, deadline=None)
@given(fields=st.lists(st.sampled_from(["n", "name", "mood", "fails", "must", "later",
                                        "laterFails", "returnedError", "tooBig",
                                        "nullButRequired", "__typename"]),
                       min_size=1, max_size=6),
       container=st.sampled_from(["leaves", "maybeLeaves", "strictLeaves"]),
       count=st.integers(min_value=0, max_value=3))
async def test_any_selection_answers_the_same(fields, container, count):
    await _both(f"{{ branches(count: {count}) {{ label {container} {{ {' '.join(fields)} }} }} }}")


async def test_plans_are_kept_per_schema_and_query_text():
    from schema.execution import _by_schema

    query = "query Kept { branch { label } }"
    await _both(query)
    await _both(query)
    cache = _by_schema[planned._schema]
    assert ("query Kept { branch { label } }", "Kept") in cache.plans
    assert stock._schema not in _by_schema  # graphql-core's schema plans nothing
    # With @skip/@include the plan depends on the variables: built, used, not kept.
    skipping = "query Skip($s: Boolean!) { branch { label @skip(if: $s) } }"
    await _both(skipping, {"s": True})
    assert (skipping, "Skip") not in cache.plans
    # What cannot be planned is remembered as such, with the reason.
    await _both("query Named { named { name } }", expect_plan=False)
    assert "abstract type" in cache.unplannable.peek(("query Named { named { name } }", "Named"))


def test_synchronous_execution_runs_on_graphql_core():
    query = "{ branch { label leaves { n name mood } } }"
    before = STATS["graphql-core"]
    mine = planned.execute_sync(query)
    assert STATS["graphql-core"] == before + 1
    assert _answer(mine) == _answer(stock.execute_sync(query))
    assert mine.data["branch"]["leaves"][2]["mood"] == "SAD"
