"""The network feature: graph of agencies and areas, its pages and SVG drawings."""
