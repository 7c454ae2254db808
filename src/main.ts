// Browser entry: mounts the Svelte app (or, with `?pack=<url>`, the read-only search of a pack).
import { mount } from 'svelte';
import App from './App.svelte';
import PackApp from './PackApp.svelte';
import { packSiteParams } from './core/pack-site';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
export default mount(packSiteParams(location.search) ? PackApp : App, { target });
