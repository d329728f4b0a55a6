# wave.tcl - GTKWave script of `make wave-png`: the view of the save file
# given on the command line, whole time range, printed to PostScript.
# The output file comes from the environment (MXDOT_WAVE_PS).
# SPDX-License-Identifier: Apache-2.0
gtkwave::/Time/Zoom/Zoom_Full
gtkwave::/File/Print_To_File PS {Letter (8.5" x 11")} Full $env(MXDOT_WAVE_PS)
gtkwave::/File/Quit
