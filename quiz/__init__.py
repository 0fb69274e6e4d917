"""quiz: turn documents into a question bank and study it with FSRS.

The application factory lives here; everything else is in its own module.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from quiz import config, security, setup
from quiz.paths import resource_dir

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application.

    Args:
        test_config: Settings that replace the instance file and environment
            (used by tests).

    Returns:
        A configured Flask app whose database schema is current and whose
        question bank is loaded.
    """
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    config.configure(app, test_config)
    security.init_app(app)
    setup.register_extensions(app)
    setup.register_blueprints(app)
    setup.register_template_filters(app)
    setup.register_errorhandlers(app)
    setup.register_commands(app)
    setup.prepare_database(app)
    return app
