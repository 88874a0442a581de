"""Image Studio: generate and edit images through hosted image APIs."""

__version__ = "0.1.0"
APP_ID = "io.github.imagestudio.ImageStudio"
APP_NAME = "Image Studio"
