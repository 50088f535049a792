"""A real browser: JupyterLab on loopback, the tour notebook opened in headless Chromium
(Debian's chromium and chromium-driver, driven by Selenium), every cell run on the
ConvLab kernel. The kernel must reach idle with every cell executed and no error shown,
and the screenshot, saved under .build/browser/, must show the diagram in
conv_arithmetic's colours where JupyterLab rendered the SVG."""
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = Path(__file__).resolve().parents[2]
TOUR = ROOT / "notebooks" / "00-tour.ipynb"
SCREENSHOTS = ROOT / ".build" / "browser"
TOKEN = "convlab-browser-test"
# conv_arithmetic's input blue and output green, as the diagram draws them.
INPUT_BLUE = (0x5F, 0xA8, 0xD3)
OUTPUT_GREEN = (0x69, 0xC0, 0xA0)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab serving a copy of the tour from a temporary folder, with its settings,
    workspaces and runtime files kept there too; yields the base URL."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(TOUR, root / TOUR.name)
    settings = tmp_path / "settings" / "@jupyterlab"
    # Every cell in the DOM (no virtual scrolling), so the whole notebook can be inspected;
    # no news or update prompts over the page.
    for plugin, values in {"notebook-extension/tracker": {"windowingMode": "none"},
                           "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False}}.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port = free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    log = open(tmp_path / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={TOKEN}",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
         "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "jupyterlab.log").read_text()
                assert time.time() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,2400", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def wait_for(driver, script, timeout, what):
    """Polls a JavaScript expression until it is truthy; returns its value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "timeout.png"))
    pytest.fail(f"timed out waiting for {what}")


PANEL = "const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;"


def test_tour_runs_in_jupyterlab_and_shows_the_svg(jupyterlab, browser):
    browser.get(f"{jupyterlab}/lab/tree/{TOUR.name}?token={TOKEN}")
    wait_for(browser, PANEL + """
        return panel && panel.sessionContext && panel.sessionContext.session
            && panel.sessionContext.session.kernel
            && panel.sessionContext.session.kernel.name === 'convlab'
            && panel.sessionContext.session.kernel.status === 'idle';""", 90, "the ConvLab kernel to start")
    # Clear the stored outputs first, so everything checked below comes from this run.
    browser.execute_script("""
        const app = window.jupyterapp;
        app.shell.collapseLeft();
        app.commands.execute('notebook:clear-all-cell-outputs').then(
            () => app.commands.execute('notebook:run-all-cells'));""")
    code_cells = wait_for(browser, PANEL + """
        const cells = panel.content.model.cells;
        let count = 0;
        for (let i = 0; i < cells.length; i++) {
            const cell = cells.get(i);
            if (cell.type !== 'code') continue;
            if (cell.executionCount === null || cell.outputs.length === 0 && cell.sharedModel.source.trim()
                && !cell.sharedModel.source.startsWith('import')) return 0;
            count++;
        }
        return panel.sessionContext.session.kernel.status === 'idle' ? count : 0;""", 180, "every cell to run")
    assert code_cells >= 10
    prompts = [p.text for p in browser.find_elements(By.CSS_SELECTOR, ".jp-InputArea-prompt")]
    assert not any("*" in p for p in prompts), prompts
    errors = browser.find_elements(By.CSS_SELECTOR, '[data-mime-type="application/vnd.jupyter.stderr"]')
    assert not errors, [e.text for e in errors]

    svgs = browser.find_elements(By.CSS_SELECTOR, ".jp-RenderedSVG")
    assert len(svgs) >= 3  # explain's diagram, diagram, animate
    tables = browser.find_elements(By.CSS_SELECTOR, ".jp-RenderedHTMLCommon table")
    assert tables, "tensors render as HTML tables"

    diagram = svgs[1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", diagram)
    time.sleep(1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = SCREENSHOTS / "jupyterlab-tour.png"
    browser.save_screenshot(str(page))
    shot = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    # The element's box in screenshot pixels (the device pixel ratio may not be 1).
    box = browser.execute_script("""
        const r = arguments[0].getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, window.devicePixelRatio];""", diagram)
    left, top, right, bottom, ratio = box
    assert right - left > 200 and bottom - top > 100, box
    region = shot.crop(tuple(int(v * ratio) for v in (left, top, right, bottom)))
    colours = region.getcolors(maxcolors=1 << 20)
    seen = {rgb for _, rgb in colours}
    assert near(INPUT_BLUE, seen), "the input cells are drawn in conv_arithmetic's blue"
    assert near(OUTPUT_GREEN, seen), "the output cells are drawn in conv_arithmetic's green"


def near(colour, seen, tolerance=6):
    return any(all(abs(a - b) <= tolerance for a, b in zip(colour, rgb)) for rgb in seen)


EXPLORE_CELL = "explore(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)"


def panel_svg(browser):
    return browser.execute_script("""
        const svg = document.querySelector('.convlab-explore svg');
        return svg ? svg.outerHTML : null;""")


def panel_text(browser):
    return browser.execute_script("""
        const panel = document.querySelector('.convlab-explore');
        return panel ? panel.textContent : '';""")


def shot_of(browser, element, name):
    """The element's pixels in a screenshot (saved under .build/browser/ as `name`)."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    time.sleep(0.5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / name))
    shot = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    left, top, right, bottom, ratio = browser.execute_script("""
        const r = arguments[0].getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, window.devicePixelRatio];""", element)
    return shot.crop(tuple(int(v * ratio) for v in (left, top, right, bottom)))


def slider(browser, description):
    """The ipywidgets slider whose label reads `description`."""
    for candidate in browser.find_elements(By.CSS_SELECTOR, ".widget-slider"):
        labels = candidate.find_elements(By.CSS_SELECTOR, ".widget-label")
        if labels and labels[0].text.strip() == description:
            return candidate
    pytest.fail(f"no slider labelled {description!r}")


def test_explore_sliders_redraw_the_picture_and_play_steps_the_kernel(jupyterlab, browser, tmp_path):
    """explore() in JupyterLab with the ipywidgets extension: the widgets render, moving
    the stride slider (keyboard on its handle, as a reader would) redraws the picture and
    the shape, and pressing Play steps the kernel over the output, frame after frame."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = new_notebook(cells=[new_code_cell(EXPLORE_CELL)])
    notebook.metadata["kernelspec"] = {"name": "convlab", "display_name": "ConvLab", "language": "convlab"}
    nbformat.write(notebook, tmp_path / "root" / "explore.ipynb")
    browser.get(f"{jupyterlab}/lab/tree/explore.ipynb?token={TOKEN}")
    wait_for(browser, PANEL + """
        return panel && panel.sessionContext && panel.sessionContext.session
            && panel.sessionContext.session.kernel
            && panel.sessionContext.session.kernel.status === 'idle';""", 90, "the ConvLab kernel to start")
    browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    wait_for(browser, "return document.querySelectorAll('.widget-slider').length >= 6 && document.querySelector('.convlab-explore svg');",
             90, "the explore widgets to render")
    assert "torch.Size([1, 1, 5, 5])" in panel_text(browser)
    picture = browser.find_element(By.CSS_SELECTOR, ".convlab-explore svg")
    before = shot_of(browser, picture, "explore-before.png")
    svg_before = panel_svg(browser)

    stride = slider(browser, "stride")
    assert stride.find_element(By.CSS_SELECTOR, ".widget-readout").text.strip() == "2"
    handle = stride.find_element(By.CSS_SELECTOR, ".noUi-handle")
    browser.execute_script("arguments[0].focus();", handle)
    handle.send_keys(Keys.ARROW_LEFT)
    wait_for(browser, "const p = document.querySelector('.convlab-explore'); return p && p.textContent.includes('torch.Size([1, 1, 3, 3])');",
             30, "the panel to show stride 1's output shape")
    assert stride.find_element(By.CSS_SELECTOR, ".widget-readout").text.strip() == "1"
    assert panel_svg(browser) != svg_before
    after = shot_of(browser, browser.find_element(By.CSS_SELECTOR, ".convlab-explore svg"), "explore-after.png")
    assert before.size != after.size or list(before.getdata()) != list(after.getdata()), "the picture on screen changed"

    step = slider(browser, "step")
    readout = lambda: int(step.find_element(By.CSS_SELECTOR, ".widget-readout").text.strip())
    assert readout() == 0
    play = browser.find_element(By.CSS_SELECTOR, ".widget-play button")
    play.click()
    frames = set()
    deadline = time.time() + 20
    while time.time() < deadline and len(frames) < 4:
        frames.add((readout(), panel_svg(browser)))
        time.sleep(0.2)
    assert len({value for value, _ in frames}) >= 3, "Play advanced the step"
    assert len({svg for _, svg in frames}) >= 3, "each step drew the kernel somewhere else"
    errors = browser.find_elements(By.CSS_SELECTOR, '[data-mime-type="application/vnd.jupyter.stderr"]')
    assert not errors, [e.text for e in errors]
