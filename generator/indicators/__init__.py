"""The indicator feature: readings (data), their pages and SVG charts."""
