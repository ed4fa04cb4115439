import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C server serves dist/ at "/" under CSP script-src 'self': everything must be a same-origin file,
// so no inline scripts and the runtime-only Vue build (templates are compiled here, in the SFCs).
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is imported whole; keep it apart so an app change does not re-download it. ECharts
    // (only the parts web/src/charts.js registers) gets a chunk of its own, loaded with the first page
    // that draws a chart.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: {
          vendor: ['vue', 'vue-router', 'element-plus'],
          charts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  // `npm run dev` talks to a server started with `make run` (127.0.0.1:8080 by default).
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
})
