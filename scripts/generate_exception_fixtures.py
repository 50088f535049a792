#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/exceptions/exceptions.json from CPython and PyTorch.

Each case is a short program using exceptions: try/except/else/finally, raise, raise
from, assert, the exception classes and their hierarchy, str/repr/args of exceptions,
PyTorch's errors caught and printed, and `with` over torch's grad-mode managers. It
runs here in a fresh namespace; what it prints is recorded, and an uncaught exception,
as "TypeName: message", ends it. The Swift test ExceptionFixtureTests runs every case
in a fresh ConvLang session and expects the same.

    .venv/bin/python scripts/generate_exception_fixtures.py
"""

import json
import pathlib
import sys

import torch

from program_fixtures import run_program

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/exceptions/exceptions.json"

CASES = [
    # try/except basics
    ("try_catch_zero_division", """try:
    1 / 0
except ZeroDivisionError as e:
    print("caught:", e)
print("after")"""),
    ("try_base_class_matches", """try:
    [1, 2][5]
except LookupError as e:
    print(type(e).__name__, e)
try:
    {'a': 1}['b']
except LookupError as e:
    print(type(e).__name__, e)
try:
    1 / 0
except ArithmeticError as e:
    print(type(e).__name__, e)"""),
    ("try_tuple_of_classes", """for thing in [lambda: 1 / 0, lambda: [][0], lambda: int('x')]:
    try:
        thing()
    except (ZeroDivisionError, IndexError) as e:
        print("first", type(e).__name__)
    except ValueError as e:
        print("second", e)"""),
    ("try_first_matching_handler_wins", """try:
    raise KeyError('k')
except Exception:
    print("Exception")
except KeyError:
    print("KeyError")"""),
    ("try_bare_except", """try:
    undefined_name
except:
    print("bare")"""),
    ("try_no_match_propagates", """try:
    1 / 0
except ValueError:
    print("wrong")"""),
    ("try_else_runs_without_error", """try:
    x = 1
except Exception:
    print("no")
else:
    print("else", x)
finally:
    print("finally")"""),
    ("try_else_skipped_on_error", """try:
    x = 1 / 0
except ZeroDivisionError:
    print("handler")
else:
    print("else")
print("end")"""),
    ("try_else_errors_not_handled", """try:
    try:
        pass
    except ValueError:
        print("inner handler")
    else:
        raise ValueError("from else")
except ValueError as e:
    print("outer", e)"""),
    ("try_name_unbound_after_handler", """try:
    1 / 0
except ZeroDivisionError as e:
    print(repr(e))
print(e)"""),
    ("try_name_unbound_in_function", """def f():
    try:
        raise ValueError('v')
    except ValueError as err:
        pass
    return err
f()"""),
    ("try_nested", """try:
    try:
        [][1]
    except KeyError:
        print("inner")
    finally:
        print("inner finally")
except IndexError as e:
    print("outer", e)"""),
    # finally
    ("finally_on_return", """def f():
    try:
        return "body"
    finally:
        print("cleanup")
print(f())"""),
    ("finally_return_wins", """def f():
    try:
        return 1
    finally:
        return 2
print(f())
def g():
    try:
        1 / 0
    finally:
        return "swallowed"
print(g())"""),
    ("finally_on_break_continue", """for i in range(4):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)"""),
    ("finally_on_error_then_propagates", """def f():
    try:
        return [][0]
    finally:
        print("finally ran")
f()"""),
    ("finally_break_in_finally_discards_error", """for i in range(3):
    try:
        raise ValueError(i)
    finally:
        break
print("i =", i)"""),
    ("finally_error_replaces", """try:
    try:
        1 / 0
    finally:
        raise KeyError('from finally')
except KeyError as e:
    print(repr(e), type(e.__context__).__name__)"""),
    # raise
    ("raise_class", """try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args, str(e) == '')"""),
    ("raise_instance_with_message", """try:
    raise RuntimeError("bad thing", 42)
except RuntimeError as e:
    print(e)
    print(repr(e))
    print(e.args)"""),
    ("raise_uncaught", """raise ValueError("shape must be positive")"""),
    ("raise_uncaught_no_message", """raise NotImplementedError"""),
    ("raise_bare_reraises", """def f():
    try:
        {}['missing']
    except KeyError:
        print("logging")
        raise
try:
    f()
except KeyError as e:
    print("again", e)"""),
    ("raise_bare_without_active", """raise"""),
    ("raise_non_exception", """raise 42"""),
    ("raise_non_exception_class", """raise int"""),
    ("raise_from", """try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("wrapped") from e
except ValueError as e:
    print(e, repr(e.__cause__), e.__suppress_context__)"""),
    ("raise_from_none", """try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("clean") from None
except ValueError as e:
    print(e.__cause__, type(e.__context__).__name__, e.__suppress_context__)"""),
    ("raise_from_non_exception", """raise ValueError("x") from 1"""),
    ("raise_context_set", """try:
    try:
        [][0]
    except IndexError:
        {}['k']
except KeyError as e:
    print(repr(e), repr(e.__context__), e.__cause__)"""),
    ("raise_uncaught_chained", """try:
    1 / 0
except ZeroDivisionError as e:
    raise RuntimeError("during") from e"""),
    # exception objects
    ("exception_str_repr_args", """e = ValueError('bad')
print(str(e), repr(e), e.args)
k = KeyError('a')
print(str(k), repr(k), k.args)
print(repr(KeyError('a', 'b')), str(KeyError('a', 'b')))
print(str(ValueError()), repr(ValueError()), str(ValueError(3)), repr(IndexError(1, 'x')))
print(repr(Exception('x')), repr(BaseException()))
print(ValueError('x'))"""),
    ("exception_classes_as_values", """print(ValueError, KeyError)
print(ValueError.__name__, RecursionError.__name__)
print(KeyError.__mro__)
print(ModuleNotFoundError.__mro__)
print(UnboundLocalError.__mro__)
print(NotImplementedError.__mro__)
e = TypeError('t')
print(type(e).__name__, type(e) is TypeError, e.__class__.__name__)"""),
    ("exception_hierarchy_catches", """cases = [(ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError), (IndexError, LookupError),
         (KeyError, LookupError), (NotImplementedError, RuntimeError), (RecursionError, RuntimeError),
         (UnboundLocalError, NameError), (ModuleNotFoundError, ImportError), (KeyboardInterrupt, BaseException),
         (ValueError, Exception), (AssertionError, Exception), (StopIteration, Exception), (AttributeError, Exception)]
for raised, caught in cases:
    try:
        raise raised('m')
    except caught as e:
        print(type(e).__name__, 'caught by', caught.__name__)"""),
    ("exception_keyboard_interrupt_not_exception", """try:
    try:
        raise KeyboardInterrupt
    except Exception:
        print("wrong")
except BaseException as e:
    print("base", repr(e))"""),
    ("exception_identity_equality", """a = ValueError('a')
print(a == ValueError('a'), a == a, a != a, a is a)
handlers = {ValueError: 'value', KeyError: 'key'}
for error in [ValueError('v'), KeyError('k')]:
    print(handlers[type(error)], type(error) == KeyError, ValueError in (KeyError, ValueError))
errs = (ValueError, TypeError)
try:
    int('q')
except errs as e:
    print('tuple in a variable:', e)"""),
    ("exception_keyword_arguments_refused", """ValueError(x=1)"""),
    ("exception_catching_non_class", """try:
    1 / 0
except 1:
    pass"""),
    ("exception_catching_tuple_with_non_class", """try:
    1 / 0
except (ValueError, 'x'):
    pass"""),
    ("exception_catching_non_class_unreached", """try:
    pass
except 1:
    pass
print("fine")"""),
    ("exception_in_list_and_print", """errors = []
for i in range(3):
    try:
        [10, 20][i]
    except IndexError as e:
        errors.append(e)
print(errors, len(errors), str(errors[0]))"""),
    # language errors mapped to classes
    ("language_errors_caught", """def check(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ':', e)
check(lambda: undefined)
check(lambda: 1 + 'a')
check(lambda: int('z'))
check(lambda: [].pop())
check(lambda: {}['q'])
check(lambda: (1).foo)
check(lambda: 10 // 0)
check(lambda: 2.0 % 0)"""),
    ("unbound_local_caught", """def f():
    try:
        print(y)
    except UnboundLocalError as e:
        print('unbound:', e)
    except NameError:
        print('wrong')
    y = 1
f()"""),
    ("recursion_error_caught", """def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print('recursion:', e)
print('still alive')"""),
    # assert
    ("assert_caught_with_message", """try:
    assert 1 == 2, "numbers differ"
except AssertionError as e:
    print(repr(e), e.args)"""),
    ("assert_caught_without_message", """try:
    assert []
except AssertionError as e:
    print(repr(e), e.args, str(e) == '')"""),
    ("assert_message_object", """try:
    assert False, ('shape', 3)
except AssertionError as e:
    print(e, e.args)"""),
    ("assert_uncaught", """x = 3
assert x < 2, f"x is {x}\""""),
    # PyTorch's errors
    ("torch_conv_shape_mismatch", """import torch
import torch.nn.functional as F
x = torch.ones(1, 3, 5, 5)
w = torch.ones(1, 2, 3, 3)
try:
    F.conv2d(x, w)
except RuntimeError as e:
    print(e)"""),
    ("torch_conv_transpose_shape_mismatch", """import torch
import torch.nn as nn
up = nn.ConvTranspose2d(4, 2, 3)
try:
    up(torch.ones(1, 3, 5, 5))
except RuntimeError as e:
    print(type(e).__name__)
    print(e)"""),
    ("torch_bad_index", """import torch
x = torch.arange(6).reshape(2, 3)
try:
    x[2]
except IndexError as e:
    print(e)
try:
    x[0, 7]
except IndexError as e:
    print(e)"""),
    ("torch_matmul_shapes", """import torch
try:
    torch.ones(2, 3) @ torch.ones(2, 3)
except RuntimeError as e:
    print(e)"""),
    ("torch_wrong_dtype", """import torch
import torch.nn.functional as F
try:
    F.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2, dtype=torch.float64))
except RuntimeError as e:
    print(e)"""),
    ("torch_type_error", """import torch
try:
    torch.zeros('a')
except TypeError as e:
    print(type(e).__name__)"""),
    ("torch_view_error_message", """import torch
try:
    torch.arange(6).view(4, 2)
except RuntimeError as e:
    print("view failed:", e)"""),
    ("torch_error_in_function_caught_outside", """import torch
import torch.nn.functional as F
def layer(x):
    w = torch.ones(2, 5, 3, 3)
    return F.conv2d(x, w)
try:
    layer(torch.ones(1, 3, 8, 8))
except RuntimeError as e:
    print("layer:", e)"""),
    ("torch_uncaught_in_function", """import torch
def f(x):
    return x.reshape(5)
f(torch.zeros(2, 2))"""),
    # with and grad mode
    ("with_no_grad_state", """import torch
print(torch.is_grad_enabled())
with torch.no_grad():
    print(torch.is_grad_enabled())
    with torch.enable_grad():
        print(torch.is_grad_enabled())
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())"""),
    ("with_no_grad_as_binds_none", """import torch
with torch.no_grad() as g:
    print(g)"""),
    ("with_restores_on_error", """import torch
try:
    with torch.no_grad():
        print(torch.is_grad_enabled())
        1 / 0
except ZeroDivisionError:
    print("after error", torch.is_grad_enabled())"""),
    ("with_restores_on_return", """import torch
def f():
    with torch.no_grad():
        return torch.is_grad_enabled()
print(f(), torch.is_grad_enabled())"""),
    ("with_inference_mode", """import torch
print(torch.is_inference_mode_enabled())
with torch.inference_mode():
    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
with torch.inference_mode(False):
    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())"""),
    ("with_set_grad_enabled", """import torch
with torch.set_grad_enabled(False):
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())
torch.set_grad_enabled(False)
print(torch.is_grad_enabled())
torch.set_grad_enabled(True)
print(torch.is_grad_enabled())
print(torch.set_grad_enabled(True))"""),
    ("with_two_managers", """import torch
with torch.no_grad(), torch.enable_grad():
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())
with torch.no_grad() as a, torch.inference_mode() as b:
    print(a, b, torch.is_grad_enabled(), torch.is_inference_mode_enabled())
print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())"""),
    ("with_decorator", """import torch
@torch.no_grad()
def f(x):
    return torch.is_grad_enabled(), x * 2
print(f(3))
print(torch.is_grad_enabled())
@torch.no_grad
def g():
    return torch.is_grad_enabled()
print(g())
@torch.inference_mode()
def h():
    return torch.is_inference_mode_enabled()
print(h(), torch.is_inference_mode_enabled())"""),
    ("with_conv_under_no_grad", """import torch
import torch.nn.functional as F
x = torch.arange(9.).reshape(1, 1, 3, 3)
with torch.no_grad():
    y = F.conv_transpose2d(x, torch.ones(1, 1, 2, 2))
print(y)"""),
    ("with_non_manager", """with 1:
    pass"""),
    ("with_error_propagates", """import torch
with torch.no_grad():
    raise ValueError("inside with")"""),
    ("with_in_loop_break_continue", """import torch
for i in range(3):
    with torch.no_grad():
        if i == 0:
            continue
        if i == 2:
            break
        print(i, torch.is_grad_enabled())
print(torch.is_grad_enabled())"""),
    # loops with try
    ("loop_try_continue", """total = 0
for v in ['1', 'x', '3', 'y']:
    try:
        total += int(v)
    except ValueError as e:
        print('skip', e)
        continue
print(total)"""),
    ("while_try_break", """n = 0
while True:
    try:
        n += 1
        if n == 3:
            raise StopIteration('done')
    except StopIteration as e:
        print('stop', e)
        break
print(n)"""),
    ("exception_in_comprehension_caught", """try:
    [1 / x for x in [1, 0]]
except ZeroDivisionError as e:
    print('comprehension:', e)"""),
]


def main():
    cases = []
    for case_id, source in CASES:
        stdout, error, _, _, _ = run_program(source, "<case>")
        cases.append({"id": case_id, "source": source, "stdout": stdout, "error": error})
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "python": sys.version.split()[0], "cases": cases},
                                 indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
