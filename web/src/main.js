import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './style.css'
import App from './App.vue'
import router from './router.js'
import { setUnauthorizedHandler } from './api.js'
import { forget } from './session.js'

// A 401 anywhere means the session ended (timeout, logout elsewhere): back to the login page,
// returning afterwards to where the user was.
setUnauthorizedHandler(() => {
  forget()
  const current = router.currentRoute.value
  if (current.name !== 'login') router.push({ name: 'login', query: { redirect: current.fullPath } })
})

createApp(App).use(router).use(ElementPlus).mount('#app')
