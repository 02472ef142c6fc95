import React from 'react';
import { createRoot } from 'react-dom/client';
import '@patternfly/react-core/dist/styles/base.css';
import { App } from './App';
import { ApiClient } from './api/client';

createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <App client={new ApiClient()} />
  </React.StrictMode>,
);
