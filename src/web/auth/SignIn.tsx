import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import { setLocale } from '../i18n/index.ts';
import type { Me } from './me.ts';

export function SignIn() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value) ? null : t('signIn.email')),
      password: (value) => (value ? null : t('signIn.password')),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const me = await post<Me>('/auth/login', values);
      setLocale(me.locale);
      client.setQueryData(['me'], me);
    } catch (caught) {
      const status = caught instanceof ApiError ? caught.status : 0;
      setError(status === 429 ? t('signIn.tooMany') : status === 401 ? t('signIn.wrong') : t('app.error'));
    }
  });

  return (
    <Center h="100vh" bg="gray.0">
      <Paper
        withBorder
        shadow="sm"
        p="xl"
        w={380}
        component="form"
        onSubmit={submit}
        aria-label={t('signIn.title')}
      >
        <Stack>
          <Title order={2}>{t('signIn.title')}</Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
