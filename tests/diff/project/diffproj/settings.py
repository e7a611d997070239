"""Minimal Django settings for the differential test (no database is used)."""
SECRET_KEY = 'authlint-drf-diff'
DEBUG = False
USE_TZ = True
INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'rest_framework',
]
DATABASES = {}

REST_FRAMEWORK = {
    'DEFAULT_AUTHENTICATION_CLASSES': (
        'rest_framework.authentication.SessionAuthentication',
        'rest_framework.authentication.BasicAuthentication',
    ),
    'DEFAULT_PERMISSION_CLASSES': (),
    'UNAUTHENTICATED_USER': None,
}

# A later update() overrides the literal ...
REST_FRAMEWORK.update({
    'DEFAULT_AUTHENTICATION_CLASSES': (
        'rest_framework.authentication.TokenAuthentication',
    ),
    'PAGE_SIZE': 10,
})

# ... and the item assignment after it wins (last one in source order).
REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'] = (
    'edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication',
    'edx_rest_framework_extensions.auth.session.authentication.SessionAuthenticationAllowInactiveUser',
    'diffproj.authentication.LocalBearerAuthentication',
)
