/** Keeps one core busy until killed (the bench's --busy load). */
let x = 0;
for (;;) x = (x * 1664525 + 1013904223) % 4294967296;
