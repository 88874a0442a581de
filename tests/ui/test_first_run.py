"""First run: no key configured, the studio opens on the demo provider with a banner."""

from __future__ import annotations

from tests.ui.conftest import StudioFactory


def test_window_is_titled_image_studio(make_studio: StudioFactory) -> None:
    studio = make_studio()
    assert studio.window.windowTitle() == "Image Studio"


def test_without_a_key_the_studio_opens_on_the_demo_with_a_banner(
    make_studio: StudioFactory,
) -> None:
    studio = make_studio(demo=False)
    window = studio.window
    assert window.composer.parameters.provider() == "demo"
    assert window.demo_banner.isVisible()
    assert window.demo_banner.label.text() == (
        "Demo: images are placeholders — add an API key to generate for real"
    )


def test_prompt_editor_has_focus_when_the_window_opens(make_studio: StudioFactory) -> None:
    studio = make_studio()
    studio.run.until(
        lambda: studio.window.composer.prompt.edit.hasFocus(),
        message="the prompt editor never got focus",
    )
