// ECharts, tree-shaken: only the core, the bar chart, the parts of a chart the screens use and the
// canvas renderer are bundled (the full library would add about 1 MB).
import * as echarts from 'echarts/core'
import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { echarts }
