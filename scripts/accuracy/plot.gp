# plot.gp - the figures of docs/accuracy.md from the data of tests/accuracy.c.
#   gnuplot -e "dir='build/accuracy'" scripts/accuracy/plot.gp
# writes dir/accuracy-cdf.png, accuracy-signed.png, accuracy-k.png,
# accuracy-repro.png.
# SPDX-License-Identifier: Apache-2.0

if (!exists("dir")) dir = "build/accuracy"
set terminal pngcairo size 900,560 font "DejaVu Sans,11"
set grid
set key left top

models = "exact blackwell hopper hopper-promote conv"
titles = "'exact (this unit)' 'Blackwell (tcgen05 MXFP8)' 'Hopper (wgmma FP8, whole K)' 'Hopper + FP32 promotion per group' 'conventional (two-step)'"
file(m) = sprintf("%s/err_%s.dat", dir, m)

# 1. |error| distribution: fraction of dot products with |error| <= x
set output dir."/accuracy-cdf.png"
set title "Error of a K = 7168 dot product (Gaussian data, MXFP8, groups of 128)"
set xlabel "|error| in binary32 ulps of the exact result (0 drawn at 0.01)"
set ylabel "fraction of dot products"
set logscale x
set xrange [0.01:*]
set yrange [0:1]
set key right bottom
plot for [i=1:words(models)] file(word(models,i)) using (abs($1) < 0.01 ? 0.01 : abs($1)):(1.0) \
     smooth cnormal with lines lw 2 title word(titles,i)

# 2. signed error: truncation pulls toward zero
set output dir."/accuracy-signed.png"
set title "Signed error, K = 7168, groups of 128 (positive: away from zero)"
unset logscale x
set xrange [-40:40]
set yrange [0:*]
set xlabel "signed error in binary32 ulps"
set ylabel "dot products per 1-ulp bin"
set key right top
bin(x) = floor(x + 0.5)
plot file("exact") using (bin($1)):(1.0) smooth frequency with steps lw 2 title "exact (this unit)", \
     file("blackwell") using (bin($1)):(1.0) smooth frequency with steps lw 2 title "Blackwell", \
     file("conv") using (bin($1)):(1.0) smooth frequency with steps lw 2 title "conventional"

# 3. error against K
set output dir."/accuracy-k.png"
set title "Mean relative error against the reduction length (Gaussian data, groups of 128)"
set logscale xy
set xrange [*:*]
set yrange [*:*]
set format y "10^{%L}"
set xlabel "K (elements reduced)"
set ylabel "mean |relative error|"
set key left top
plot for [i=2:6] dir."/ksweep.dat" using 1:i with linespoints lw 2 title word(titles,i-1)

# 4. reproducibility: spread over element orders
set output dir."/accuracy-repro.png"
set title "Same data, 8 element orders: spread of the result (K = 4096, groups of 128)"
unset logscale
set logscale y
set format y "%g"
set xrange [-0.5:16.5]
set yrange [0.8:*]
set xtics 1
set xlabel "max - min over the orders, binary32 ulps (larger spreads not drawn)"
set ylabel "dot products"
set style fill solid 0.7
set boxwidth 0.4
set key right top
plot dir."/repro.dat" using ($1-0.2):(1.0) smooth frequency with boxes title "exact unit", \
     dir."/repro.dat" using ($2+0.2):(1.0) smooth frequency with boxes title "Blackwell"
