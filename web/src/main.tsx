import React from 'react';
import { createRoot } from 'react-dom/client';
import '@patternfly/react-core/dist/styles/base.css';
// PatternFly's utility classes (pf-v6-u-*), only the families the components use (spacing, text):
// utilityClasses.test.ts fails when a component uses a class none of these files defines.
import '@patternfly/react-styles/css/utilities/Spacing/spacing.css';
import '@patternfly/react-styles/css/utilities/Text/text.css';
import { App } from './App';
import { ApiClient } from './api/client';

createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <App client={new ApiClient()} />
  </React.StrictMode>,
);
