"""matplotlib backend for Lyceum cells: draws with Agg; show() sends the open figures to the cell.

Selected by the Lyceum prelude through MPLBACKEND=module://lyceum_mpl_backend.
"""

from matplotlib.backend_bases import FigureManagerBase as FigureManager  # noqa: F401
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401

import lyceum_prelude


def show(*args, **kwargs):
    lyceum_prelude.show_figures()
