// Bundled to CommonJS (sandboxed preloads cannot load modules); exposes only the contract.
import { contextBridge, ipcRenderer } from 'electron';
import { channelNames, eventNames } from '../../src-shared/ipc/contract.js';
import { createPreloadApi } from './preload-api.js';

contextBridge.exposeInMainWorld('workstation', createPreloadApi(ipcRenderer, channelNames, eventNames));
