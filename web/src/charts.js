// ECharts, tree-shaken: only the core, the bar chart, the parts of a chart the screens use and the
// canvas renderer are bundled (the full library would add about 1 MB).
import * as echarts from 'echarts/core'
import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { echarts }

// The frame of a horizontal bar chart with one row per town (names on the left, first at the top), for
// the series a screen adds.
export function townBars(names) {
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    yAxis: { type: 'category', inverse: true, data: names, axisTick: { show: false }, axisLabel: { width: 110, overflow: 'truncate' } },
  }
}
